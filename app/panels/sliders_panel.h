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
  uint64_t decodedWeights_ = 0;  // DecoderWeights::id of the image shown (unique per model, never reused)
};

}  // namespace latentlab
