#include "panels/latent_views_panel.h"

#include <imgui.h>

#include <algorithm>
#include <cstdio>

#include "explorer.h"
#include "layout.h"
#include "latent/latent_math.h"
#include "panels/panel_util.h"

namespace latentlab {

namespace {

// While training, new decoder weights arrive 4 times a second; re-decoding a 144-image grid that often would
// take the GUI's whole core, so the views follow the weights at most every few seconds. A change the user makes
// (code, dims, steps) is shown at once.
constexpr double kWeightsRefreshSeconds = 2.0;
constexpr int kTraversalRows = 10;  // more rows would make each image too small to read

// Up to `count` dimensions, the most used first (by KL per dimension; in order when there is no KL, as for a GAN).
std::vector<int> dimsInUseFirst(const std::vector<float>& kl, int dims, int count) {
  std::vector<int> order(static_cast<size_t>(dims));
  for (int d = 0; d < dims; ++d) order[size_t(d)] = d;
  if (kl.size() == size_t(dims))
    std::stable_sort(order.begin(), order.end(), [&](int a, int b) { return kl[size_t(a)] > kl[size_t(b)]; });
  order.resize(size_t(std::min(dims, count)));
  return order;
}

std::string keyOf(const Explorer& ex, const std::string& extra) {
  std::string key = extra;
  for (float v : ex.code) key += "," + std::to_string(v);
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
    if (decoder.decodesOnWorker()) {
      if (otherModel) view.image = Image();
      view.compose = std::move(compose);
      const uint64_t ticket = ex.decodes().request(slot, decoder.weights(), codes());
      if (otherModel) view.firstTicket = ticket;
    } else {
      view.image = compose(decoder.decode(codes()));
      view.texture.update(view.image);
    }
  }
  if (auto decoded = ex.decodes().take(slot); decoded && decoded->ticket >= view.firstTicket && view.compose) {
    if (!decoded->error.empty()) ex.error = "decoding a latent view: " + decoded->error;
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

void LatentViewsPanel::draw(Explorer& ex) {
  placeNext("Latent views");
  if (!ImGui::Begin("Latent views")) {
    ImGui::End();
    return;
  }
  const int dims = ex.latentDims();
  if (dims == 0 || !ex.snapshot) {
    ImGui::TextDisabled("no decoder yet");
    ImGui::End();
    return;
  }
  weights_ = ex.decoder().weightsId();
  run_ = ex.modelGeneration();
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
                                            std::to_string(ex.snapshot->klPerDim.size()));
      const int columns = traversalSteps_;
      if (refresh(
              ex, traversal_, kTraversalSlot, key,
              [&] {
                traversalDims_ = dimsInUseFirst(ex.snapshot->klPerDim, dims, kTraversalRows);
                return traversal(ex.code, traversalDims_, traversalSteps_, range_);
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
    if (ImGui::BeginTabItem("Manifold")) {
      ImGui::SetNextItemWidth(90);
      ImGui::SliderInt("x dim", &manifoldX_, 0, dims - 1);
      tooltip("Latent dimension swept left to right");
      ImGui::SameLine();
      ImGui::SetNextItemWidth(90);
      ImGui::SliderInt("y dim", &manifoldY_, 0, dims - 1);
      tooltip("Latent dimension swept bottom to top");
      ImGui::SameLine();
      ImGui::SetNextItemWidth(90);
      ImGui::SliderInt("grid", &manifoldSteps_, 4, 24);
      tooltip("Images per side");
      manifoldX_ = std::min(manifoldX_, dims - 1);
      manifoldY_ = std::min(manifoldY_, dims - 1);
      const std::string key = keyOf(ex, "m" + std::to_string(manifoldX_) + "/" + std::to_string(manifoldY_) + "/" +
                                            std::to_string(manifoldSteps_) + "/" + std::to_string(range_));
      const int side = manifoldSteps_;
      if (refresh(
              ex, manifold_, kManifoldSlot, key,
              [&] { return manifoldGrid(ex.code, manifoldX_, manifoldY_, manifoldSteps_, range_); },
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
      const auto a = ex.pointCode(ex.pickA), b = ex.pointCode(ex.pickB);
      if (a.empty() || b.empty()) {
        ImGui::TextWrapped("Shift+click two points in the latent scatter to pick A and B.");
      } else {
        const std::string key = keyOf(ex, "i" + std::to_string(ex.pickA) + "/" + std::to_string(ex.pickB) + "/" +
                                              std::to_string(interpolationSteps_) + (spherical_ ? "s" : "l"));
        // The two data images frame the decoded path.
        const Image first = ex.dataImage(ex.pickA), last = ex.dataImage(ex.pickB);
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
    if (ImGui::BeginTabItem("KL per dimension")) {
      const auto& kl = ex.snapshot->klPerDim;
      if (kl.empty()) {
        ImGui::TextDisabled("a GAN has no KL term");
      } else {
        ImGui::Text("%d of %zu dimensions in use (KL above 0.01 nats)", ex.snapshot->activeDims, kl.size());
        const float top = std::max(0.1f, *std::max_element(kl.begin(), kl.end()));
        ImGui::PlotHistogram("##kl", kl.data(), int(kl.size()), 0, nullptr, 0.0f, top * 1.05f,
                             ImVec2(ImGui::GetContentRegionAvail().x, ImGui::GetContentRegionAvail().y));
        tooltip("Mean KL divergence of each latent dimension on a test batch: tall bars carry information");
      }
      ImGui::EndTabItem();
    }
    ImGui::EndTabBar();
  }
  ImGui::End();
}

}  // namespace latentlab
