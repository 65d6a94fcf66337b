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
  // One decoded view and what it was made from.
  struct View {
    std::string key;        // the user's inputs (code, dims, steps) it shows
    long long version = -1; // decoder weights it was decoded with
    double time = 0;        // when
    Image image;
    Texture texture;
  };
  // Re-decodes `view` when the inputs changed, or new weights arrived and it is a few seconds old; returns true
  // when there is something to show.
  bool refresh(View& view, const std::string& key, const std::function<Image()>& make);
  void showImage(Explorer& explorer, View& view, const char* exportStem);

  int traversalSteps_ = 9;
  float range_ = 3.0f;
  int manifoldX_ = 0, manifoldY_ = 1, manifoldSteps_ = 12;
  int interpolationSteps_ = 10;
  bool spherical_ = false;
  long long decoderVersion_ = -1;  // weights in the latest snapshot
  std::vector<int> traversalDims_;  // the rows of the traversal grid
  View traversal_, manifold_, interpolation_;
};

}  // namespace latentlab
