#pragma once
// "Latent scatter": the whole data set's latent means on two axes (latent dimensions or principal axes), coloured
// by label, by a shapes factor, or (GAN) by the discriminator's score. Hover shows the image, click sets the
// sliders, shift+click picks the two ends of the interpolation. Drawn by ScatterRenderer into a cached texture.
#include <memory>
#include <vector>

#include "gl/scatter_renderer.h"
#include "gl/texture.h"
#include "latent/latent_math.h"
#include "panels/scatter_embedding.h"

namespace latentlab {

class Explorer;
struct LatentCodes;

class ScatterPanel {
 public:
  void draw(Explorer& explorer);
  int renderCount() const { return renderer_ ? renderer_->renderCount() : 0; }
  // UMAP axes (scatter_embedding.h): chosen from the start (--umap), its state, and whether it is computing.
  void showUmap() { axisX_ = ScatterEmbedding::kAxisX, axisY_ = ScatterEmbedding::kAxisY; }
  const ScatterEmbedding& embedding() const { return embedding_; }
  bool busy() const { return embedding_.busy(); }

 private:
  void rebuild(const LatentCodes& codes);

  std::unique_ptr<ScatterRenderer> renderer_;
  std::string rendererError_;
  int axisX_ = -1, axisY_ = -2;   // >= 0: latent dimension; -1, -2: first and second principal axes; -3, -4: UMAP
  int colourBy_ = 0;              // 0: label (or score); 1..: factor index + 1
  long long builtVersion_ = -1;   // LatentCodes::version drawn; versions restart with every run, hence:
  int64_t builtRun_ = -1;         // Explorer::runGeneration() drawn
  int builtX_ = 0, builtY_ = 0, builtColour_ = -1;
  std::vector<float> xs_, ys_;
  float minX_ = 0, maxX_ = 0, minY_ = 0, maxY_ = 0;
  float factorMin_ = 0, factorMax_ = 1;  // range of the factor the points are coloured by (for the legend)
  ScatterView view_;
  bool fitView_ = true;
  bool userMovedView_ = false;
  Texture hoverTexture_;
  int hoverIndex_ = -1;
  int hoverShown_ = -1;           // the point whose image hoverTexture_ holds
  bool pickSecond_ = false;
  ScatterEmbedding embedding_;    // UMAP axes: the layout, computed in the background
  uint64_t builtEmbedding_ = 0;   // ScatterEmbedding::generation() drawn
};

}  // namespace latentlab
