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

std::string keyOf(const Explorer& ex, const std::string& extra) {
  std::string key = std::to_string(ex.snapshot ? ex.snapshot->decoderVersion : -1) + "|" + extra;
  for (float v : ex.code) key += "," + std::to_string(v);
  return key;
}

}  // namespace

bool LatentViewsPanel::refresh(const std::string& key, std::string& lastKey, Image& image, Texture& texture,
                               const std::function<Image()>& make) {
  if (key != lastKey) {
    lastKey = key;
    image = make();
    texture.update(image);
  }
  return texture.valid() && !image.empty();
}

void LatentViewsPanel::showImage(Explorer& ex, const Image& image, Texture& texture, const char* exportStem) {
  if (ImGui::Button("Export PNG")) ex.exportImage(exportStem, image);
  tooltip("Save this view as PNG in the run's exports/");
  const ImVec2 avail = ImGui::GetContentRegionAvail();
  const float scale = std::min(avail.x / float(image.width), avail.y / float(image.height));
  ImGui::Image(texture.imguiId(), ImVec2(image.width * scale, image.height * scale));
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
  const auto& decoder = ex.decoder();
  if (ImGui::BeginTabBar("views")) {
    if (ImGui::BeginTabItem("Traversal")) {
      ImGui::SetNextItemWidth(120);
      ImGui::SliderInt("steps", &traversalSteps_, 3, 15);
      tooltip("Images per dimension");
      ImGui::SameLine();
      ImGui::SetNextItemWidth(120);
      ImGui::SliderFloat("range", &range_, 0.5f, 5.0f, "+-%.1f");
      tooltip("Each dimension is swept from -range to +range around the sliders' code");
      std::vector<int> shown;
      for (int d = 0; d < std::min(dims, 16); ++d) shown.push_back(d);
      const std::string key = keyOf(ex, "t" + std::to_string(traversalSteps_) + "/" + std::to_string(range_));
      if (refresh(key, traversalKey_, traversal_, traversalTexture_, [&] {
            return makeGrid(decoder.decode(traversal(ex.code, shown, traversalSteps_, range_)), traversalSteps_);
          }))
        showImage(ex, traversal_, traversalTexture_, "traversal");
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
      if (refresh(key, manifoldKey_, manifold_, manifoldTexture_, [&] {
            return makeGrid(decoder.decode(manifoldGrid(ex.code, manifoldX_, manifoldY_, manifoldSteps_, range_)),
                            manifoldSteps_, 0);
          }))
        showImage(ex, manifold_, manifoldTexture_, "manifold");
      ImGui::EndTabItem();
    }
    if (ImGui::BeginTabItem("Interpolation")) {
      ImGui::SetNextItemWidth(120);
      ImGui::SliderInt("steps##interp", &interpolationSteps_, 3, 20);
      tooltip("Decoded images from A to B");
      ImGui::SameLine();
      ImGui::Checkbox("spherical", &spherical_);
      tooltip("Follow the great circle (slerp) instead of the straight line: stays where the prior has mass");
      const auto a = ex.pointCode(ex.pickA), b = ex.pointCode(ex.pickB);
      if (a.empty() || b.empty()) {
        ImGui::TextWrapped("Shift+click two points in the latent scatter to pick A and B.");
      } else {
        const std::string key = keyOf(ex, "i" + std::to_string(ex.pickA) + "/" + std::to_string(ex.pickB) + "/" +
                                              std::to_string(interpolationSteps_) + (spherical_ ? "s" : "l"));
        if (refresh(key, interpolationKey_, interpolation_, interpolationTexture_, [&] {
              std::vector<Image> strip;
              const Image first = ex.dataImage(ex.pickA), last = ex.dataImage(ex.pickB);
              if (!first.empty()) strip.push_back(first);
              for (auto& image : decoder.decode(interpolate(a, b, interpolationSteps_, spherical_)))
                strip.push_back(image);
              if (!last.empty()) strip.push_back(last);
              return makeGrid(strip, int(strip.size()));
            }))
          showImage(ex, interpolation_, interpolationTexture_, "interpolation");
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
