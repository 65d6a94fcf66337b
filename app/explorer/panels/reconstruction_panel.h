#pragma once
// "Reconstructions": 16 fixed test images beside their reconstructions (a GAN shows 16 fixed-noise samples),
// refreshed as training goes.
#include <cstdint>

#include "gl/texture.h"
#include "io/image.h"

namespace latentlab {

class Explorer;

class ReconstructionPanel {
 public:
  void draw(const Explorer& explorer);  // reads only: it edits nothing of the explorer

 private:
  Texture originals_, reconstructions_;
  Image originalsShown_;    // the fixed test images do not change with the weights: uploaded only when they do
  long long version_ = -1;  // snapshot version shown; versions restart with every run, hence:
  int64_t run_ = -1;        // Explorer::modelGeneration() shown
  double shownAt_ = -1e9;   // ImGui time of the last refresh
};

}  // namespace latentlab
