#pragma once
// "Latent sliders": one slider per latent dimension; the decoded image follows the drag in the same frame,
// decoded on this thread with the GUI's own copy of the decoder.
#include "gl/texture.h"

namespace latentlab {

class Explorer;

class SlidersPanel {
 public:
  void draw(Explorer& explorer);
  // The image last shown (for tests: a slider drag must change it).
  const Image& shownImage() const { return shown_; }

 private:
  Texture texture_;
  Image shown_;
  std::vector<float> decodedCode_;
  long long decodedVersion_ = -1;
};

}  // namespace latentlab
