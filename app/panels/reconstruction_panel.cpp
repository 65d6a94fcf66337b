#include "panels/reconstruction_panel.h"

#include <imgui.h>

#include "explorer.h"
#include "layout.h"
#include "panels/panel_util.h"

namespace latentlab {

void ReconstructionPanel::draw(Explorer& ex) {
  placeNext("Reconstructions");
  if (!ImGui::Begin("Reconstructions")) {
    ImGui::End();
    return;
  }
  const auto snap = ex.snapshot;
  if (!snap || snap->reconstructions.empty()) {
    ImGui::TextDisabled("no model yet");
    ImGui::End();
    return;
  }
  if (snap->version != version_ || ex.modelGeneration() != run_) {
    version_ = snap->version;
    run_ = ex.modelGeneration();
    originals_.update(makeGrid(snap->originals, 4));
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
  tooltip(gan ? "The generator's images for 16 fixed latent codes" : "What the model makes of them (decoder of the mean code)");
  ImGui::EndGroup();
  ImGui::End();
}

}  // namespace latentlab
