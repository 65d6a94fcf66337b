#pragma once
// "Reconstructions": 16 fixed test images beside their reconstructions (a GAN shows 16 fixed-noise samples),
// refreshed as training goes.
#include <cstdint>

#include "gl/texture.h"

namespace latentlab {

class Explorer;

class ReconstructionPanel {
 public:
  void draw(Explorer& explorer);

 private:
  Texture originals_, reconstructions_;
  long long version_ = -1;   // snapshot version shown; versions restart with every run, hence:
  int64_t run_ = -1;         // Explorer::modelGeneration() shown
};

}  // namespace latentlab
