#include "panels/reconstruction_panel.h"

#include <imgui.h>

#include "explorer.h"
#include "layout.h"
#include "panels/panel_util.h"

namespace latentlab {

namespace {
constexpr double kRefreshSeconds = 1.0;
}  // namespace

void ReconstructionPanel::draw(const Explorer& ex) {
  placeNext("Reconstructions");
  if (!ImGui::Begin("Reconstructions")) {
    ImGui::End();
    return;
  }
  const auto snap = ex.snapshot();
  if (!snap || snap->reconstructions.empty()) {
    ImGui::TextDisabled("no model yet");
    ImGui::End();
    return;
  }
  // Another model at once; the same run's new weights (4 a second while training) at most once a second: each
  // refresh redraws the panel, and software OpenGL's frames that redraw most at once are the slowest.
  const bool otherModel = ex.modelGeneration() != run_;
  const double now = ImGui::GetTime();
  if (otherModel || (snap->version != version_ && now - shownAt_ >= kRefreshSeconds)) {
    version_ = snap->version;
    run_ = ex.modelGeneration();
    shownAt_ = now;
    Image originals = makeGrid(snap->originals, 4);
    if (otherModel || originals.pixels != originalsShown_.pixels)
      originals_.update(originalsShown_ = std::move(originals));
    reconstructions_.update(makeGrid(snap->reconstructions, 4));
  }
  const bool gan = isGan(snap->config.model.kind);
  const float side = std::max(80.0f, std::min(ImGui::GetContentRegionAvail().x * (gan ? 1.0f : 0.5f) - 8,
                                              ImGui::GetContentRegionAvail().y - 24));
  if (!gan) {
    ImGui::BeginGroup();
    ImGui::TextDisabled("test images");
    ImGui::Image(originals_.imguiId(), ImVec2(side, side));
    tooltip("16 fixed images from the test split");
    ImGui::EndGroup();
    ImGui::SameLine();
  }
  ImGui::BeginGroup();
  ImGui::TextDisabled(gan ? "samples from 16 fixed codes" : "reconstructions");
  ImGui::Image(reconstructions_.imguiId(), ImVec2(side, side));
  tooltip(gan ? "The generator's images for 16 fixed latent codes"
              : "What the model makes of them (decoder of the mean code)");
  ImGui::EndGroup();
  ImGui::End();
}

}  // namespace latentlab
