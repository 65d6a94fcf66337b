#pragma once
// Whether a frame would show anything the last one drawn did not. Software OpenGL (llvmpipe) spends 15-30 ms of
// CPU on every 1600x1000 frame, taken from training on the same cores; most frames while training repeat the
// one before (the snapshots change 4 times a second, a frame is drawn 20 times), so those are not drawn or swapped
// at all: the screen keeps showing the last one. A frame counts as changed when ImGui's draw data (vertices,
// indices, commands) differ, a texture was uploaded, the framebuffer was resized, or the window asked to be
// redrawn (exposed).
#include <cstdint>
#include <vector>

struct ImDrawData;

namespace latentlab {

// Counts texture uploads (gl/texture.cpp, gl/scatter_renderer.cpp): new pixels behind an unchanged quad.
void noteTextureUpload();
uint64_t textureUploads();

class FrameChange {
 public:
  bool changed(const ImDrawData& data, int width, int height);
  void forceNext() { force_ = true; }  // an expose, a screenshot

 private:
  std::vector<uint8_t> last_, current_;
  bool force_ = true;
};

}  // namespace latentlab
