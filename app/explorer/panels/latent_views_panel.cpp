#include "panels/latent_views_panel.h"

#include <imgui.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdio>
#include <tuple>

#include "explorer.h"
#include "layout.h"
#include "latent/dim_order.h"
#include "latent/latent_math.h"
#include "panels/panel_util.h"
#include "test_report.h"
#include "util/nice_ticks.h"

namespace latentlab {

namespace {

// While training, new decoder weights arrive 4 times a second; re-decoding a 144-image grid that often would
// take the GUI's whole core, so the views follow the weights at most every few seconds. A change the user makes
// (code, dims, steps) is shown at once.
constexpr double kWeightsRefreshSeconds = 2.0;
constexpr int kTraversalRows = 10;  // more rows would make each image too small to read

std::string keyOf(const Explorer& ex, const std::string& extra) {
  std::string key = extra;
  for (float v : ex.codes().code()) key += "," + std::to_string(v);
  return key;
}

}  // namespace

bool LatentViewsPanel::refresh(Explorer& ex, View& view, int slot, const std::string& key,
                               const std::function<std::vector<std::vector<float>>()>& codes, Compose compose) {
  const double now = ImGui::GetTime();
  const bool newRun = view.run != run_;
  const bool newWeights = weights_ != view.weights && now - view.time > kWeightsRefreshSeconds;
  const auto& decoder = ex.decoder();
  if (key != view.key || newRun || newWeights) {
    const bool otherModel = newRun || view.weights != weights_;
    view.key = key;
    view.weights = weights_;
    view.run = run_;
    view.time = now;
    // Imported models always decode on the worker. Ours decode here when the model changed (nothing of another
    // model is ever shown), and on the worker when only the inputs changed: a dragged slider re-decodes the
    // traversal's 100-odd images every frame, 1.5 ms of the frame; they follow a frame later.
    if (decoder.decodesOnWorker() || !otherModel) {
      if (otherModel) view.image = Image();
      view.compose = std::move(compose);
      view.lastTicket = ex.decodes().request(slot, decoder.weights(), codes());
      if (otherModel) view.firstTicket = view.lastTicket;
    } else {
      view.image = compose(decoder.decode(codes()));
      view.texture.update(view.image);
      view.firstTicket = view.lastTicket + 1;  // an answer still on its way is older than this image
    }
  }
  if (auto decoded = ex.decodes().take(slot); decoded && decoded->ticket >= view.firstTicket && view.compose) {
    if (!decoded->error.empty()) ex.status().fail({"decoding a latent view", decoded->error.why, ""});
    else view.texture.update(view.image = view.compose(std::move(decoded->images)));
  }
  return view.texture.valid() && !view.image.empty();
}

void LatentViewsPanel::showImage(Explorer& ex, View& view, const char* exportStem) {
  if (ImGui::Button("Export PNG")) ex.exportImage(exportStem, view.image);
  tooltip("Save this view as PNG in the run's exports/");
  const ImVec2 avail = ImGui::GetContentRegionAvail();
  const float scale = std::min(avail.x / float(view.image.width), avail.y / float(view.image.height));
  ImGui::Image(view.texture.imguiId(), ImVec2(view.image.width * scale, view.image.height * scale));
}

// KL per dimension as bars: the dimension's index under its bar (every n-th when they are many), a round value
// axis on the left, and the dimension and its value on hover.
void LatentViewsPanel::drawKlBars(const std::vector<float>& kl, int activeDims) {
  ImGui::Text("%d of %zu dimensions in use (KL above 0.01 nats)", activeDims, kl.size());
  const float top = std::max(0.1f, *std::max_element(kl.begin(), kl.end())) * 1.05f;
  const ImVec2 area = ImGui::GetCursorScreenPos();
  const ImVec2 areaSize(std::max(ImGui::GetContentRegionAvail().x, 60.0f),
                        std::max(ImGui::GetContentRegionAvail().y, 60.0f));
  ImGui::InvisibleButton("kl_bars", areaSize);
  markItem("kl_bars");
  const bool hovered = ImGui::IsItemHovered();
  ImDrawList* draw = ImGui::GetWindowDrawList();
  const float line = ImGui::GetTextLineHeight();
  const ImU32 text = IM_COL32(150, 150, 160, 255);
  const auto ticks = linearTicks(0, top, std::max(2, int(areaSize.y / (2.5f * line))));
  float margin = 0;
  for (const auto& t : ticks) margin = std::max(margin, ImGui::CalcTextSize(t.label.c_str()).x);
  const ImVec2 origin(area.x + margin + 8, area.y + 2);
  const ImVec2 size(areaSize.x - margin - 10, areaSize.y - line - 8);
  auto yOf = [&](double v) { return origin.y + size.y - float(v / top) * size.y; };
  draw->AddRectFilled(origin, ImVec2(origin.x + size.x, origin.y + size.y), IM_COL32(18, 19, 23, 255));
  for (const auto& t : ticks) {
    const float y = yOf(t.value);
    draw->AddLine(ImVec2(origin.x, y), ImVec2(origin.x + size.x, y), IM_COL32(60, 60, 70, 120));
    draw->AddText(ImVec2(origin.x - ImGui::CalcTextSize(t.label.c_str()).x - 5, y - line / 2), text, t.label.c_str());
  }
  const int n = int(kl.size());
  const float slot = size.x / float(n), bar = std::max(1.0f, slot * 0.8f);
  // Index labels under the bars: every `every`-th, a round number, so that they do not run into each other.
  const float labelWidth = ImGui::CalcTextSize(std::to_string(n - 1).c_str()).x + 6;
  const int every = int(niceStep(labelWidth / std::max(slot, 1e-3f), 1, 1));
  const int hoveredDim = hovered ? std::clamp(int((ImGui::GetIO().MousePos.x - origin.x) / slot), 0, n - 1) : -1;
  for (int d = 0; d < n; ++d) {
    const float x = origin.x + slot * float(d) + (slot - bar) / 2;
    const ImU32 colour = d == hoveredDim         ? IM_COL32(255, 200, 80, 255)
                         : kl[size_t(d)] > 0.01f ? IM_COL32(90, 170, 255, 255)
                                                 : IM_COL32(80, 90, 110, 255);
    draw->AddRectFilled(ImVec2(x, yOf(std::max(0.0f, kl[size_t(d)]))), ImVec2(x + bar, origin.y + size.y), colour);
    if (d % every == 0) {
      const std::string label = std::to_string(d);
      const float w = ImGui::CalcTextSize(label.c_str()).x;
      draw->AddText(ImVec2(x + bar / 2 - w / 2, origin.y + size.y + 3), text, label.c_str());
    }
  }
  if (hoveredDim >= 0) {
    const float v = kl[size_t(hoveredDim)];
    ImGui::SetTooltip("z%d: KL %.3f nats (%s)", hoveredDim, double(v),
                      v > 0.01f ? "in use: the decoder reads this dimension" : "unused: the decoder ignores it");
  }
  reportFact("kl_hover", hoveredDim);
}

void LatentViewsPanel::draw(Explorer& ex) {
  placeNext("Latent views");
  if (!ImGui::Begin("Latent views")) {
    ImGui::End();
    return;
  }
  const int dims = ex.latentDims();
  if (dims == 0 || !ex.snapshot()) {
    ImGui::TextDisabled("no decoder yet");
    ImGui::End();
    return;
  }
  weights_ = ex.decoder().weightsId();
  run_ = ex.modelGeneration();
  reportFact("kl_per_dim", ex.snapshot()->klPerDim);
  if (ImGui::BeginTabBar("views")) {
    if (ImGui::BeginTabItem("Traversal")) {
      ImGui::SetNextItemWidth(120);
      ImGui::SliderInt("steps", &traversalSteps_, 3, 15);
      tooltip("Images per dimension");
      ImGui::SameLine();
      ImGui::SetNextItemWidth(120);
      ImGui::SliderFloat("range", &range_, 0.5f, 5.0f, "+-%.1f");
      tooltip("Each dimension is swept from -range to +range around the sliders' code");
      // KL arriving (an imported model's encoder is run after its decoder is shown) reorders the rows at once.
      const std::string key = keyOf(ex, "t" + std::to_string(traversalSteps_) + "/" + std::to_string(range_) + "/kl" +
                                            std::to_string(ex.snapshot()->klPerDim.size()));
      const int columns = traversalSteps_;
      if (refresh(
              ex, traversal_, kTraversalSlot, key,
              [&] {
                traversalDims_ = dimsByUse(ex.snapshot()->klPerDim, dims, kTraversalRows);
                return traversal(ex.codes().code(), traversalDims_, traversalSteps_, range_);
              },
              [columns](std::vector<Image> images) { return makeGrid(images, columns); })) {
        std::string rows = "rows:";
        for (int d : traversalDims_) rows += " z" + std::to_string(d);
        sameLineIfRoom(ImGui::CalcTextSize(rows.c_str()).x);  // wraps in a narrow window (layout test)
        ImGui::TextDisabled("%s", rows.c_str());
        tooltip("The dimensions the model uses most (highest KL) come first");
        showImage(ex, traversal_, "traversal");
      }
      ImGui::EndTabItem();
    }
    const bool manifoldTab = ImGui::BeginTabItem("Manifold");
    markItem("manifold_tab");
    if (manifoldTab) {
      // The two most used dimensions (highest KL, as the traversal orders them) until the user picks others.
      if (dims != manifoldDims_) {
        manifoldDims_ = dims;
        manifoldChosen_ = false;
      }
      if (!manifoldChosen_) std::tie(manifoldX_, manifoldY_) = twoMostUsedDims(ex.snapshot()->klPerDim, dims);
      ImGui::SetNextItemWidth(90);
      if (ImGui::SliderInt("x dim", &manifoldX_, 0, dims - 1)) manifoldChosen_ = true;
      tooltip("Latent dimension swept left to right (at first the most used one, by KL)");
      ImGui::SameLine();
      ImGui::SetNextItemWidth(90);
      if (ImGui::SliderInt("y dim", &manifoldY_, 0, dims - 1)) manifoldChosen_ = true;
      tooltip("Latent dimension swept bottom to top (at first the second most used)");
      ImGui::SameLine();
      ImGui::SetNextItemWidth(90);
      ImGui::SliderInt("grid", &manifoldSteps_, 4, 24);
      tooltip("Images per side");
      manifoldX_ = std::min(manifoldX_, dims - 1);
      manifoldY_ = std::min(manifoldY_, dims - 1);
      reportFact("manifold_dims", std::vector<int>{manifoldX_, manifoldY_});
      const std::string key = keyOf(ex, "m" + std::to_string(manifoldX_) + "/" + std::to_string(manifoldY_) + "/" +
                                            std::to_string(manifoldSteps_) + "/" + std::to_string(range_));
      const int side = manifoldSteps_;
      if (refresh(
              ex, manifold_, kManifoldSlot, key,
              [&] { return manifoldGrid(ex.codes().code(), manifoldX_, manifoldY_, manifoldSteps_, range_); },
              [side](std::vector<Image> images) { return makeGrid(images, side, 0); }))
        showImage(ex, manifold_, "manifold");
      ImGui::EndTabItem();
    }
    if (ImGui::BeginTabItem("Interpolation")) {
      ImGui::SetNextItemWidth(120);
      ImGui::SliderInt("steps##interp", &interpolationSteps_, 3, 20);
      tooltip("Decoded images from A to B");
      ImGui::SameLine();
      ImGui::Checkbox("spherical", &spherical_);
      tooltip("Follow the great circle (slerp) instead of the straight line: stays where the prior has mass");
      ImGui::SameLine();
      if (ImGui::Button("Random A and B")) ex.pickRandomPoints();
      tooltip("Pick two random data points as the ends (or shift+click two points in the latent scatter)");
      const auto a = ex.pointCode(ex.codes().pickA()), b = ex.pointCode(ex.codes().pickB());
      if (a.empty() || b.empty()) {
        ImGui::TextWrapped("Shift+click two points in the latent scatter to pick A and B.");
      } else {
        const std::string key =
            keyOf(ex, "i" + std::to_string(ex.codes().pickA()) + "/" + std::to_string(ex.codes().pickB()) + "/" +
                          std::to_string(interpolationSteps_) + (spherical_ ? "s" : "l"));
        // The two data images frame the decoded path.
        const Image first = ex.dataImage(ex.codes().pickA()), last = ex.dataImage(ex.codes().pickB());
        if (refresh(
                ex, interpolation_, kInterpolationSlot, key,
                [&] { return interpolate(a, b, interpolationSteps_, spherical_); },
                [first, last](std::vector<Image> decoded) {
                  std::vector<Image> strip;
                  if (!first.empty()) strip.push_back(first);
                  for (auto& image : decoded) strip.push_back(std::move(image));
                  if (!last.empty()) strip.push_back(last);
                  return makeGrid(strip, int(strip.size()));
                }))
          showImage(ex, interpolation_, "interpolation");
      }
      ImGui::EndTabItem();
    }
    const bool klTab = ImGui::BeginTabItem("KL per dimension");
    markItem("kl_tab");
    if (klTab) {
      const auto& kl = ex.snapshot()->klPerDim;
      if (kl.empty()) ImGui::TextDisabled("a GAN has no KL term");
      else drawKlBars(kl, ex.snapshot()->activeDims);
      ImGui::EndTabItem();
    }
    ImGui::EndTabBar();
  }
  ImGui::End();
}

}  // namespace latentlab
