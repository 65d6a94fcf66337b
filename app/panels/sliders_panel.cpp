#include "panels/sliders_panel.h"

#include <imgui.h>

#include <cstdio>

#include "explorer.h"
#include "layout.h"
#include "panels/panel_util.h"
#include "test_report.h"

namespace latentlab {

// kSliderRange: the prior is N(0, 1), so three standard deviations cover nearly all of it.
constexpr float kSliderRange = 3.0f;

void SlidersPanel::draw(Explorer& ex) {
  placeNext("Latent sliders");
  if (!ImGui::Begin("Latent sliders")) {
    ImGui::End();
    return;
  }
  if (!ex.decoder().ready()) {
    // Nothing of an earlier model may stay behind to be shown (or reported) as this one's.
    shown_ = Image();
    decodedWeights_ = 0;
    ImGui::TextDisabled("no decoder yet");
    ImGui::End();
    return;
  }
  if (ImGui::Button("Random")) ex.randomCode();
  tooltip("A random code from the prior N(0, I) (R)");
  ImGui::SameLine();
  if (ImGui::Button("Reset")) ex.resetCode();
  tooltip("All dimensions to 0, the prior's mean");
  ImGui::SameLine();
  if (ImGui::Button("Export image")) ex.exportCurrentImage();
  markItem("export_image");
  tooltip("Save the decoded image as PNG in the run's exports/");

  // Sliders on the left, the image on the right.
  const float imageSide = std::min(ImGui::GetContentRegionAvail().x * 0.55f, ImGui::GetContentRegionAvail().y);
  ImGui::BeginChild("sliders", ImVec2(ImGui::GetContentRegionAvail().x - imageSide - 8, 0));
  const auto& kl = ex.snapshot ? ex.snapshot->klPerDim : std::vector<float>();
  for (size_t d = 0; d < ex.code.size(); ++d) {
    char label[32];
    std::snprintf(label, sizeof label, "z%zu", d);
    ImGui::SetNextItemWidth(-40);
    ImGui::SliderFloat(label, &ex.code[d], -kSliderRange, kSliderRange, "%.2f");
    if (d == 0) markItem("slider0");
    if (ImGui::IsItemHovered()) {
      if (d < kl.size()) ImGui::SetTooltip("Latent dimension %zu (KL %.3f nats: %s)", d, double(kl[d]),
                                           kl[d] > 0.01f ? "in use" : "unused, sliding it changes little");
      else ImGui::SetTooltip("Latent dimension %zu; ctrl+click to type a value", d);
    }
  }
  ImGui::EndChild();
  ImGui::SameLine();

  // Decode when the code or the weights changed: the drag is answered in the same frame, and a new model (a new
  // run, another run opened) is shown from its first frame.
  const uint64_t weights = ex.decoder().weightsId();
  if (ex.code != decodedCode_ || weights != decodedWeights_) {
    // Marked first: a decode that throws (the frame loop shows why) is tried again only when something changed.
    const bool newWeights = weights != decodedWeights_;
    decodedCode_ = ex.code;
    decodedWeights_ = weights;
    if (ex.decoder().decodesOnWorker()) {
      if (newWeights) shown_ = Image();  // nothing of another model is shown meanwhile
      const uint64_t ticket = ex.decodes().request(kSlidersSlot, ex.decoder().weights(), {ex.code});
      if (newWeights) firstTicket_ = ticket;
    } else {
      shown_ = Image();
      shown_ = ex.decodeCode();
      texture_.update(shown_);
    }
  }
  if (auto decoded = ex.decodes().take(kSlidersSlot); decoded && decoded->ticket >= firstTicket_) {
    if (!decoded->error.empty()) ex.error = "decoding the sliders' code: " + decoded->error;
    else if (!decoded->images.empty()) texture_.update(shown_ = decoded->images.front());
  }
  if (texture_.valid() && !shown_.empty()) ImGui::Image(texture_.imguiId(), ImVec2(imageSide, imageSide));
  tooltip("The decoder's image for the code on the sliders");
  ImGui::End();
}

}  // namespace latentlab
