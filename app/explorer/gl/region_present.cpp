#include "gl/region_present.h"

#include <GLFW/glfw3.h>
#define GLFW_EXPOSE_NATIVE_X11
#define GLFW_EXPOSE_NATIVE_GLX
#include <GLFW/glfw3native.h>

#include <algorithm>
#include <cstdlib>

namespace latentlab {

namespace {

using CopySubBuffer = void (*)(Display*, GLXDrawable, int x, int y, int width, int height);

bool drawsInSoftware(const std::string& renderer) {
  for (const char* name : {"llvmpipe", "softpipe", "swrast", "SWR"})
    if (renderer.find(name) != std::string::npos) return true;
  return false;
}

}  // namespace

RegionPresenter::RegionPresenter(GLFWwindow* window, const std::string& renderer) {
  const char* env = std::getenv("LATENTLAB_PARTIAL_REDRAW");
  const std::string setting = env ? env : "";
  if (setting == "0") {
    description_ = "whole frames (LATENTLAB_PARTIAL_REDRAW=0)";
    return;
  }
  if (!drawsInSoftware(renderer) && setting != "1") {
    description_ = "whole frames (a GPU draws them)";
    return;
  }
  // The extension is GLX's: the window must be an X11 one with a GLX context.
  Display* display = glfwGetX11Display();
  const GLXWindow drawable = display ? glfwGetGLXWindow(window) : None;
  if (!display || drawable == None || !glfwExtensionSupported("GLX_MESA_copy_sub_buffer")) {
    description_ = "whole frames (no GLX_MESA_copy_sub_buffer)";
    return;
  }
  copySubBuffer_ = glfwGetProcAddress("glXCopySubBufferMESA");
  if (!copySubBuffer_) {
    description_ = "whole frames (glXCopySubBufferMESA not found)";
    return;
  }
  display_ = display;
  drawable_ = drawable;
  description_ = "changed tiles only (GLX_MESA_copy_sub_buffer)";
}

namespace {

bool refused = false;
int noteRefusal(Display*, XErrorEvent*) {
  refused = true;
  return 0;
}

}  // namespace

bool RegionPresenter::present(const std::vector<PixelRect>& rects, int framebufferWidth, int framebufferHeight) const {
  // A window resized after the frame began has a back buffer of another size than the rectangles: the server
  // refuses the copy (BadValue), and Xlib's default handler would end the program. So the copies run under a
  // handler that notes the refusal, and XSync collects any before it is put back (a round trip, ~0.1 ms).
  auto* display = static_cast<Display*>(display_);
  const auto copy = reinterpret_cast<CopySubBuffer>(copySubBuffer_);
  refused = false;
  XErrorHandler previous = XSetErrorHandler(noteRefusal);
  for (const PixelRect& r : rects) {
    const int x0 = std::max(0, r.x0), y0 = std::max(0, r.y0);
    const int x1 = std::min(framebufferWidth, r.x1), y1 = std::min(framebufferHeight, r.y1);
    // GLX counts y upwards from the bottom; each copy flushes the drawing before it.
    if (x1 > x0 && y1 > y0) copy(display, GLXDrawable(drawable_), x0, framebufferHeight - y1, x1 - x0, y1 - y0);
  }
  XSync(display, False);
  XSetErrorHandler(previous);
  return !refused;
}

}  // namespace latentlab
