#include "gl/texture.h"

#include <glad/gl.h>

#include "gl/frame_damage.h"

namespace latentlab {

Texture::~Texture() {
  if (id_) glDeleteTextures(1, &id_);
}

void Texture::update(const Image& image) {
  if (image.empty()) return;
  if (rgba_.width != image.width || rgba_.height != image.height) rgba_ = Image(image.width, image.height, 4);
  const size_t n = size_t(image.width) * image.height;
  for (size_t i = 0; i < n; ++i) {
    const uint8_t* src = image.pixels.data() + i * size_t(image.channels);
    uint8_t* dst = rgba_.pixels.data() + i * 4;
    dst[0] = src[0];
    dst[1] = image.channels >= 3 ? src[1] : src[0];
    dst[2] = image.channels >= 3 ? src[2] : src[0];
    dst[3] = image.channels == 4 ? src[3] : 255;
  }
  glPixelStorei(GL_UNPACK_ALIGNMENT, 1);
  if (!id_ || width_ != image.width || height_ != image.height) {
    if (!id_) glGenTextures(1, &id_);
    glBindTexture(GL_TEXTURE_2D, id_);
    // Nearest: small data images (28 px) are shown magnified, and should look like pixels, not blur.
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_NEAREST);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_NEAREST);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_S, GL_CLAMP_TO_EDGE);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_T, GL_CLAMP_TO_EDGE);
    glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA8, image.width, image.height, 0, GL_RGBA, GL_UNSIGNED_BYTE,
                 rgba_.pixels.data());
    width_ = image.width;
    height_ = image.height;
  } else {
    glBindTexture(GL_TEXTURE_2D, id_);
    glTexSubImage2D(GL_TEXTURE_2D, 0, 0, 0, width_, height_, GL_RGBA, GL_UNSIGNED_BYTE, rgba_.pixels.data());
  }
  noteTextureUpload(id_);
}

}  // namespace latentlab
