#pragma once
// "Latent sliders": one slider per latent dimension, a 2D pad that drags two chosen dimensions at once, a seed
// field (a seed gives the same code as `latentlab-cli sample --seed`), back and forward through the codes shown
// (Alt+Left / Alt+Right), and a GAN's truncation psi. Our own (small) models: the decoded image follows the drag
// in the same frame, decoded on this thread with the GUI's own copy of the decoder. Imported models, of any size:
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
  void drawCodeControls(Explorer& explorer);  // Random, Reset, Back, Forward, seed, truncation
  void drawPad(Explorer& explorer, float side);
  void decodeIfChanged(Explorer& explorer);
  void reportFacts(const Explorer& explorer) const;

  Texture texture_;
  Image shown_;
  std::vector<float> decodedCode_;
  uint64_t decodedWeights_ = 0;  // DecoderWeights::id of the image shown (unique per model, never reused)
  uint64_t firstTicket_ = 0;     // the DecodeWorker's first request with these weights: older answers are not shown
  char seedText_[24] = "";
  bool seedEditing_ = false;  // the seed field has the keyboard: what is typed stays
  int padX_ = 0, padY_ = 1;   // the pad's dimensions: the two most used until the user picks others
  bool padChosen_ = false;
  int padDims_ = -1;  // the latent size they were chosen for
};

}  // namespace latentlab
