#pragma once
// "Latent sliders": one slider per latent dimension. Our own (small) models: the decoded image follows the drag in
// the same frame, decoded on this thread with the GUI's own copy of the decoder. Imported models, of any size:
// decoded on the Explorer's DecodeWorker, the image follows as soon as it is ready, the frame never waits.
#include <cstdint>
#include <vector>

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
  uint64_t firstTicket_ = 0;     // the DecodeWorker's first request with these weights: older answers are not shown
};

}  // namespace latentlab
