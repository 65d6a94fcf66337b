#pragma once
// An OpenGL texture for showing a CPU image in ImGui. Allocated once per size; later updates go through
// glTexSubImage2D so the driver never reallocates while training streams new pixels.
#include <cstdint>

#include "io/image.h"

namespace latentlab {

class Texture {
 public:
  Texture() = default;
  ~Texture();
  Texture(const Texture&) = delete;
  Texture& operator=(const Texture&) = delete;

  void update(const Image& image);  // gray, RGB or RGBA
  bool valid() const { return id_ != 0; }
  void* imguiId() const { return reinterpret_cast<void*>(static_cast<uintptr_t>(id_)); }
  int width() const { return width_; }
  int height() const { return height_; }

 private:
  unsigned id_ = 0;
  int width_ = 0, height_ = 0;
  Image rgba_;  // conversion buffer, kept to avoid reallocating each update
};

}  // namespace latentlab
