#pragma once
// Shows only the rectangles of the frame that were drawn again. With software OpenGL (Mesa's llvmpipe, the
// usual case under Xvfb, in a VM or over remote X) drawing is the cost of a frame, so the frame loop draws only
// the damaged tiles (gl/frame_damage.h) into the back buffer and copies just those to the window with
// GLX_MESA_copy_sub_buffer. The back buffer is never swapped, so the tiles not drawn again keep their pixels.
// A whole frame is swapped as usual (the driver follows a resize itself). With a GPU, or where the extension is
// missing, every frame is drawn whole and swapped (vsync).
// LATENTLAB_PARTIAL_REDRAW=0 turns it off, =1 on for any renderer that has the extension.
#include <string>
#include <vector>

#include "gl/frame_damage.h"

struct GLFWwindow;

namespace latentlab {

class RegionPresenter {
 public:
  // `renderer`: GL_RENDERER, which says whether the context draws in software.
  RegionPresenter(GLFWwindow* window, const std::string& renderer);
  bool enabled() const { return copySubBuffer_ != nullptr; }
  const std::string& description() const { return description_; }  // for the System panel
  // Copies the rectangles (framebuffer pixels, y down) from the back buffer to the window. False when the X
  // server refused (the window was resized meanwhile): the caller draws the next frame whole.
  bool present(const std::vector<PixelRect>& rects, int framebufferWidth, int framebufferHeight) const;

 private:
  // glXCopySubBufferMESA, the X display and the window's GLX drawable (X11 types stay out of this header).
  void (*copySubBuffer_)() = nullptr;
  void* display_ = nullptr;
  unsigned long drawable_ = 0;
  std::string description_;
};

}  // namespace latentlab
