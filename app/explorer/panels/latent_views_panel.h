#pragma once
// "Latent views": a traversal grid (each dimension swept), the 2D manifold over two chosen dimensions, the
// interpolation strip between the two picked scatter points (linear or spherical), and KL per dimension.
#include <cstdint>
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
  // Makes the view's image from the decoded images of its codes.
  using Compose = std::function<Image(std::vector<Image>)>;
  // One decoded view and what it was made from.
  struct View {
    std::string key;       // the user's inputs (code, dims, steps) it shows
    uint64_t weights = 0;  // DecoderWeights::id it was decoded with
    int64_t run = -1;      // Explorer::runGeneration() it belongs to
    double time = 0;       // when
    Image image;
    Texture texture;
    Compose compose;           // for the answer of the DecodeWorker
    uint64_t firstTicket = 0;  // answers older than this are not shown (another model's, or older than the image)
    uint64_t lastTicket = 0;   // its latest request
  };
  // Re-decodes `view` when the inputs changed, the run changed (at once: nothing of another model is shown), or
  // new weights of the same run arrived and it is a few seconds old; returns true when there is something to show.
  // `codes` are decoded on the Explorer's DecodeWorker in `slot`, or here for a model of ours just shown.
  bool refresh(Explorer& explorer, View& view, int slot, const std::string& key,
               const std::function<std::vector<std::vector<float>>()>& codes, Compose compose);
  void showImage(Explorer& explorer, View& view, const char* exportStem);
  void drawKlBars(const std::vector<float>& kl, int activeDims);

  int traversalSteps_ = 9;
  float range_ = 3.0f;
  int manifoldX_ = 0, manifoldY_ = 1, manifoldSteps_ = 12;
  bool manifoldChosen_ = false;  // the user moved an axis: the two most used dimensions no longer apply
  int manifoldDims_ = -1;        // the latent size the axes were chosen for
  int interpolationSteps_ = 10;
  bool spherical_ = false;
  uint64_t weights_ = 0;            // the GUI decoder's weights this frame
  int64_t run_ = -1;                // Explorer::modelGeneration() this frame
  std::vector<int> traversalDims_;  // the rows of the traversal grid
  View traversal_, manifold_, interpolation_;
};

}  // namespace latentlab
