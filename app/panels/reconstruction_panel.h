#pragma once
// "Reconstructions": 16 fixed test images beside their reconstructions (a GAN shows 16 fixed-noise samples),
// refreshed as training goes.
#include "gl/texture.h"

namespace latentlab {

class Explorer;

class ReconstructionPanel {
 public:
  void draw(Explorer& explorer);

 private:
  Texture originals_, reconstructions_;
  long long version_ = -1;
};

}  // namespace latentlab
