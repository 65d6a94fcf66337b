#pragma once
// "Latent views": a traversal grid (each dimension swept), the 2D manifold over two chosen dimensions, the
// interpolation strip between the two picked scatter points (linear or spherical), and KL per dimension.
#include <functional>
#include <string>
#include <vector>

#include "gl/texture.h"

namespace latentlab {

class Explorer;

class LatentViewsPanel {
 public:
  void draw(Explorer& explorer);

 private:
  // Recomputes `image` when `key` (the inputs, as text) changed; returns true when it is ready to show.
  bool refresh(const std::string& key, std::string& lastKey, Image& image, Texture& texture,
               const std::function<Image()>& make);
  void showImage(Explorer& explorer, const Image& image, Texture& texture, const char* exportStem);

  int traversalSteps_ = 9;
  float range_ = 3.0f;
  int manifoldX_ = 0, manifoldY_ = 1, manifoldSteps_ = 12;
  int interpolationSteps_ = 10;
  bool spherical_ = false;
  std::string traversalKey_, manifoldKey_, interpolationKey_;
  Image traversal_, manifold_, interpolation_;
  Texture traversalTexture_, manifoldTexture_, interpolationTexture_;
};

}  // namespace latentlab
