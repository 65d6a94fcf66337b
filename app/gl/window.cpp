#include "gl/window.h"

#include <glad/gl.h>
#include <GLFW/glfw3.h>

#include <string>

#include "util/error.h"

namespace latentlab {
namespace {

std::string lastGlfwError() {
  const char* description = nullptr;
  glfwGetError(&description);
  return description ? description : "unknown GLFW error";
}

}  // namespace

Window::Window(const WindowOptions& options) {
  if (!glfwInit()) {
    const std::string reason = lastGlfwError();
    throw Error("cannot open a window: no display available (" + reason +
                "). Set DISPLAY, run under xvfb-run, or use latentlab-cli on a headless machine.");
  }
  glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
  glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 3);
  glfwWindowHint(GLFW_OPENGL_PROFILE, GLFW_OPENGL_CORE_PROFILE);
  glfwWindowHint(GLFW_OPENGL_FORWARD_COMPAT, GLFW_TRUE);
  glfwWindowHint(GLFW_VISIBLE, options.visible ? GLFW_TRUE : GLFW_FALSE);
  glfwWindowHint(GLFW_SCALE_TO_MONITOR, GLFW_TRUE);
  window_ = glfwCreateWindow(options.width, options.height, options.title.c_str(), nullptr, nullptr);
  if (!window_) {
    const std::string reason = lastGlfwError();
    glfwTerminate();
    throw Error("cannot create an OpenGL 3.3 core window (" + reason +
                "). LatentLab needs OpenGL 3.3: update the graphics driver, or try LIBGL_ALWAYS_SOFTWARE=1.");
  }
  glfwMakeContextCurrent(window_);
  const int version = gladLoadGL(glfwGetProcAddress);
  if (version == 0 || GLAD_VERSION_MAJOR(version) * 10 + GLAD_VERSION_MINOR(version) < 33) {
    glfwDestroyWindow(window_);
    glfwTerminate();
    throw Error("OpenGL 3.3 is required but the driver offers only " +
                (version ? std::to_string(GLAD_VERSION_MAJOR(version)) + "." +
                               std::to_string(GLAD_VERSION_MINOR(version))
                         : std::string("an unusable context")) +
                ". Update the graphics driver, or try LIBGL_ALWAYS_SOFTWARE=1.");
  }
  glfwSwapInterval(1);
}

Window::~Window() {
  glfwDestroyWindow(window_);
  glfwTerminate();
}

std::string Window::glVersion() const {
  const auto* version = reinterpret_cast<const char*>(glGetString(GL_VERSION));
  const auto* renderer = reinterpret_cast<const char*>(glGetString(GL_RENDERER));
  return std::string(version ? version : "?") + " (" + (renderer ? renderer : "?") + ")";
}

float Window::contentScale() const {
  float x = 1.0f, y = 1.0f;
  glfwGetWindowContentScale(window_, &x, &y);
  return x > 0.5f ? x : 1.0f;
}

}  // namespace latentlab
