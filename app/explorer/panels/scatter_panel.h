#pragma once
// "Latent scatter": every point of the data set's latent means on two axes (latent dimensions or principal axes),
// coloured by label, by a shapes factor, or (GAN) by the discriminator's score. The wheel zooms at the cursor,
// dragging pans, a double-click or Fit refits. Hover highlights a point and shows its image (a GAN's G(z), decoded
// on the worker), its factors and its nearest neighbours in latent space; click sets the sliders, shift+click
// picks the interpolation's ends; the sliders' code and the picks are marked. The search field finds a point by
// index or a class by name; legend entries isolate (click) or hide (ctrl+click) a class.
// Files: scatter_panel.cpp (controls, interaction), scatter_points.cpp (coordinates, colours, filter),
// scatter_overlay.cpp (ticks, markers, key, legend), scatter_details.cpp (hover card, neighbour thumbnails).
#include <array>
#include <memory>
#include <string>
#include <vector>

#include <imgui.h>
#include <nlohmann/json_fwd.hpp>

#include "gl/scatter_renderer.h"
#include "gl/texture.h"
#include "latent/latent_math.h"
#include "panels/scatter_embedding.h"
#include "panels/scatter_neighbours.h"

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
  void reportFacts(nlohmann::json& facts) const;  // for --test-report: what the scatter shows

 private:
  // scatter_points.cpp
  void rebuild(const LatentCodes& codes);            // coordinates and colours of every point
  void upload();                                     // the shown points to the renderer
  bool categorical(const LatentCodes& codes) const;  // coloured by class (label, or a factor equal to it)
  bool projectCode(const std::vector<float>& code, float& x, float& y) const;  // false: not on these axes
  void isolateClass(int label);                                                // only this class (again: all classes)
  void hideClass(int label);                                                   // toggles one class
  void showAll();
  // scatter_panel.cpp
  void drawControls(Explorer& ex, const LatentCodes& codes);
  void runSearch(const LatentCodes& codes);
  void fit(ImVec2 size);
  // scatter_overlay.cpp
  void drawLegend(const LatentCodes& codes);
  void drawAxes(ImDrawList* draw) const;
  void drawMarkers(Explorer& ex, ImDrawList* draw);
  void drawKey(ImDrawList* draw) const;
  // scatter_details.cpp
  void drawHoverCard(Explorer& ex, const LatentCodes& codes);
  void drawNeighbours(Explorer& ex, const std::shared_ptr<const LatentCodes>& codes);
  void requestDecodes(Explorer& ex, const LatentCodes& codes);
  ImVec2 toScreen(float x, float y) const {
    return ImVec2(origin_.x + (0.5f + 0.5f * (x - view_.centerX) / view_.halfWidth) * size_.x,
                  origin_.y + (0.5f - 0.5f * (y - view_.centerY) / view_.halfHeight) * size_.y);
  }

  struct HoverKey {  // what the hovered point depends on
    float mouseX = -1, mouseY = -1;
    ScatterView view;
    long long shown = -1, built = -1;
    float width = 0, height = 0;
    bool operator==(const HoverKey& o) const {
      return mouseX == o.mouseX && mouseY == o.mouseY && view == o.view && shown == o.shown && built == o.built &&
             width == o.width && height == o.height;
    }
  };
  HoverKey hoverKey_;
  std::unique_ptr<ScatterRenderer> renderer_;
  int axisX_ = -1, axisY_ = -2;  // >= 0: latent dimension; -1, -2: first and second principal axes; -3, -4: UMAP
  int colourBy_ = 0;             // 0: label (or score); 1..: factor index + 1
  long long builtVersion_ = -1;  // LatentCodes::version drawn; versions restart with every run, hence:
  int64_t builtRun_ = -1;        // Explorer::runGeneration() drawn
  int builtX_ = 0, builtY_ = 0, builtColour_ = -1;
  std::vector<float> xs_, ys_;
  std::shared_ptr<const std::vector<ScatterPoint>> points_ =  // every point, coloured; the shown ones go to the
      std::make_shared<const std::vector<ScatterPoint>>();    // renderer (its worker reads them while it draws)
  std::vector<int32_t> labels_;                               // per point (empty: none)
  PrincipalAxes pca_;  // the principal axes the points were projected on (for the sliders' code)
  int classCount_ = 0;
  std::vector<int64_t> classSizes_;
  std::vector<bool> classShown_;  // per class
  std::vector<bool> pointShown_;  // per point; empty while every class is shown
  uint64_t shownVersion_ = 1;     // changes whenever pointShown_ does
  int64_t shownCount_ = 0;
  float minX_ = 0, maxX_ = 0, minY_ = 0, maxY_ = 0;
  float factorMin_ = 0, factorMax_ = 1;  // range of the factor the points are coloured by (for the legend)
  std::vector<bool> factorIsLabel_;      // per factor: equal to the label (the shapes' `shape`): categorical
  ScatterView view_;
  ImVec2 origin_{0, 0}, size_{1, 1};  // the plot's rectangle on the screen this frame
  bool fitView_ = true;
  bool userMovedView_ = false;
  int64_t codesStep_ = -1, codesCount_ = 0;

  // pointing, search, details
  int hoverIndex_ = -1;
  int selected_ = -1;  // clicked or searched: its neighbours show while nothing is hovered
  bool pickSecond_ = false;
  ScatterEmbedding embedding_;   // UMAP axes: the layout, computed in the background
  uint64_t builtEmbedding_ = 0;  // ScatterEmbedding::generation() drawn
  char search_[64] = "";
  std::string searchMessage_;
  bool codeMarked_ = false;  // the sliders' code was drawn (on these axes and in view)
  Texture hoverTexture_;
  int hoverShown_ = -1;       // the point whose image hoverTexture_ holds
  uint64_t hoverTicket_ = 0;  // GAN: the decode of G(z) asked for the hovered point
  int hoverAsked_ = -1;
  uint64_t decodedWith_ = 0;  // GAN: the decoder (DecoderWeights id) the images were asked of
  ScatterNeighbours neighbours_;
  std::vector<int64_t> neighbourList_;  // of neighbourOf_, once found
  int neighbourOf_ = -1;
  std::array<Texture, ScatterNeighbours::kCount> thumbs_;
  std::vector<int64_t> thumbsOf_;  // the points whose images thumbs_ hold (in order)
  uint64_t thumbsTicket_ = 0;      // GAN: the decode of the neighbours asked for
  std::vector<int64_t> thumbsAsked_;
  std::string hoverDetails_;  // the hover card's text (reported to tests)
};

}  // namespace latentlab
