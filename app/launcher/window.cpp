#include "window.h"

#include <glad/gl.h>
#include <GLFW/glfw3.h>

#include <algorithm>
#include <string>

#include "util/error.h"

namespace latentlab {
namespace {

std::string lastGlfwError() {
  const char* description = nullptr;
  glfwGetError(&description);
  return description ? description : "unknown GLFW error";
}

// The first window's size in screen coordinates: what was asked for, else 1600x1000 where it fits the monitor's
// work area (the screen less the desktop's panels), else 90% of the work area, so that a 1366x768 laptop gets a
// window it can show whole, title bar included.
struct Placement {
  int width, height, x = -1, y = -1;  // x, y: -1 leaves the position to the window manager
};

Placement firstPlacement(const WindowOptions& options) {
  if (options.width > 0 && options.height > 0) return {options.width, options.height};
  Placement p{1600, 1000};
  GLFWmonitor* monitor = glfwGetPrimaryMonitor();
  if (!monitor) return p;
  int x = 0, y = 0, w = 0, h = 0;
  glfwGetMonitorWorkarea(monitor, &x, &y, &w, &h);
  float sx = 1, sy = 1;  // GLFW_SCALE_TO_MONITOR multiplies the size by the content scale
  glfwGetMonitorContentScale(monitor, &sx, &sy);
  sx = sx > 0.5f ? sx : 1.0f, sy = sy > 0.5f ? sy : 1.0f;
  if (w <= 0 || h <= 0 || (p.width * sx <= w && p.height * sy <= h)) return p;
  p.width = std::min(p.width, int(0.9f * float(w) / sx));
  p.height = std::min(p.height, int(0.9f * float(h) / sy));
  p.x = x + (w - int(float(p.width) * sx)) / 2;
  p.y = y + (h - int(float(p.height) * sy)) / 2;
  return p;
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
  const Placement place = firstPlacement(options);
  window_ = glfwCreateWindow(place.width, place.height, options.title.c_str(), nullptr, nullptr);
  if (!window_) {
    const std::string reason = lastGlfwError();
    glfwTerminate();
    throw Error("cannot create an OpenGL 3.3 core window (" + reason +
                "). LatentLab needs OpenGL 3.3: update the graphics driver, or try LIBGL_ALWAYS_SOFTWARE=1.");
  }
  if (place.x >= 0 && place.y >= 0) glfwSetWindowPos(window_, place.x, place.y);
  glfwMakeContextCurrent(window_);
  const int version = gladLoadGL(glfwGetProcAddress);
  if (version == 0 || GLAD_VERSION_MAJOR(version) * 10 + GLAD_VERSION_MINOR(version) < 33) {
    glfwDestroyWindow(window_);
    glfwTerminate();
    throw Error("OpenGL 3.3 is required but the driver offers only " +
                (version
                     ? std::to_string(GLAD_VERSION_MAJOR(version)) + "." + std::to_string(GLAD_VERSION_MINOR(version))
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

std::string Window::glRenderer() const {
  const auto* renderer = reinterpret_cast<const char*>(glGetString(GL_RENDERER));
  return renderer ? renderer : "";
}

float Window::contentScale() const {
  float x = 1.0f, y = 1.0f;
  glfwGetWindowContentScale(window_, &x, &y);
  return x > 0.5f ? x : 1.0f;
}

}  // namespace latentlab
