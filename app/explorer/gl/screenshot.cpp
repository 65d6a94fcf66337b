#include "gl/screenshot.h"

#include <glad/gl.h>

#include <algorithm>

namespace latentlab {

Image readFramebuffer(int width, int height) {
  Image image(width, height, 3);
  glPixelStorei(GL_PACK_ALIGNMENT, 1);
  glReadBuffer(GL_BACK);
  glReadPixels(0, 0, width, height, GL_RGB, GL_UNSIGNED_BYTE, image.pixels.data());
  // OpenGL's first row is the bottom one; PNG's is the top.
  const size_t stride = size_t(width) * 3;
  for (int y = 0; y < height / 2; ++y) std::swap_ranges(image.row(y), image.row(y) + stride, image.row(height - 1 - y));
  return image;
}

}  // namespace latentlab
