#include "gl/frame_painter.h"

#include <glad/gl.h>
#include <GLFW/glfw3.h>
#include <imgui.h>
#include <backends/imgui_impl_opengl3.h>

#include <cstdio>

#include "gl/screenshot.h"
#include "io/image.h"
#include "layout.h"

namespace latentlab {

FramePainter::FramePainter(GLFWwindow* window, const std::string& renderer, std::string checkPrefix)
    : window_(window), presenter_(window, renderer), checkPrefix_(std::move(checkPrefix)) {}

void FramePainter::drawWhole(ImDrawData& data) {
  glClear(GL_COLOR_BUFFER_BIT);
  ImGui_ImplOpenGL3_RenderDrawData(&data);
}

bool FramePainter::draw(ImDrawData& data, int width, int height) {
  width_ = width, height_ = height;
  last_ = damage_.compare(data, width, height);
  if (!last_.any()) return false;
  glViewport(0, 0, width, height);
  glClearColor(kWindowBackground[0], kWindowBackground[1], kWindowBackground[2], kWindowBackground[3]);
  // In part only where the parts can be shown alone; otherwise a swap shows the whole back buffer.
  if (last_.full || !presenter_.enabled()) {
    last_.full = true;
    drawWhole(data);
    share_ = 1;
    return true;
  }
  for (const PixelRect& rect : last_.rects) {
    glEnable(GL_SCISSOR_TEST);
    glScissor(rect.x0, height - rect.y1, rect.width(), rect.height());
    glClear(GL_COLOR_BUFFER_BIT);
    glDisable(GL_SCISSOR_TEST);
    damage_.renderClippedTo(data, rect, ImGui_ImplOpenGL3_RenderDrawData);
  }
  share_ = double(last_.area()) / (double(width) * double(height));
  ++check_.partialFrames;
  if (!checkPrefix_.empty()) checkPartial(data);
  return true;
}

void FramePainter::checkPartial(ImDrawData& data) {
  const Image partial = readFramebuffer(width_, height_);
  drawWhole(data);
  const Image whole = readFramebuffer(width_, height_);
  long differing = 0;
  for (size_t i = 0; i + 2 < whole.pixels.size(); i += 3)  // RGB
    if (partial.pixels[i] != whole.pixels[i] || partial.pixels[i + 1] != whole.pixels[i + 1] ||
        partial.pixels[i + 2] != whole.pixels[i + 2])
      ++differing;
  ++check_.checkedFrames;
  if (differing == 0) return;
  if (check_.mismatchedFrames++ == 0) {
    writePng(checkPrefix_ + "-partial.png", partial);
    writePng(checkPrefix_ + "-whole.png", whole);
    std::fprintf(stderr, "latentlab: a partial redraw differs from the whole frame in %ld pixels (%s-*.png)\n",
                 differing, checkPrefix_.c_str());
  }
  check_.mismatchedPixels += differing;
  last_.full = true;  // the whole frame is in the back buffer now: show all of it
}

void FramePainter::present() {
  if (!last_.any()) return;
  // A whole frame is swapped: the driver copes with a window resized meanwhile, and (software OpenGL) keeps the
  // back buffer, which the partial frames after it draw into (--test-check-redraw checks that too).
  if (last_.full) return glfwSwapBuffers(window_);
  if (!presenter_.present(last_.rects, width_, height_)) damage_.forceNext();
}

}  // namespace latentlab
