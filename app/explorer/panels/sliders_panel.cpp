#include "panels/sliders_panel.h"

#include <imgui.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdio>
#include <string>
#include <tuple>

#include "explorer.h"
#include "latent/dim_order.h"
#include "latent/prior_codes.h"
#include "layout.h"
#include "panels/latent_pad.h"
#include "panels/panel_util.h"
#include "test_report.h"

namespace latentlab {

// kSliderRange: the prior is N(0, 1), so three standard deviations cover nearly all of it.
constexpr float kSliderRange = 3.0f;

void SlidersPanel::drawCodeControls(Explorer& ex) {
  if (ImGui::Button("Random")) ex.codes().randomSeed();
  tooltip("The code of a random seed, from the prior N(0, I) (R)");
  ImGui::SameLine();
  if (ImGui::Button("Reset")) ex.codes().reset();
  tooltip("All dimensions to 0, the prior's mean");
  ImGui::SameLine();
  ImGui::BeginDisabled(!ex.codes().history().canGoBack() && ex.codes().history().current() &&
                       *ex.codes().history().current() == ex.codes().code());
  if (ImGui::ArrowButton("back", ImGuiDir_Left)) ex.codes().back();
  markItem("history_back");
  ImGui::EndDisabled();
  tooltip("The previous code (Alt+Left)");
  ImGui::SameLine(0, 2);
  ImGui::BeginDisabled(!ex.codes().history().canGoForward());
  if (ImGui::ArrowButton("forward", ImGuiDir_Right)) ex.codes().forward();
  markItem("history_forward");
  ImGui::EndDisabled();
  tooltip("The next code (Alt+Right)");
  ImGui::SameLine();
  ImGui::TextDisabled("%zu/%zu", ex.codes().history().index() + 1, ex.codes().history().size());
  tooltip("Where this code is in the history of codes shown (random, reset, seeds, scatter clicks, drags)");
  sameLineIfRoom(110);

  // The seed field shows the seed of the code while the code is that seed's; Enter (or leaving it) applies.
  if (!seedEditing_) {
    if (ex.codes().seed()) std::snprintf(seedText_, sizeof seedText_, "%llu", (unsigned long long)*ex.codes().seed());
    else seedText_[0] = '\0';
  }
  ImGui::SetNextItemWidth(90);
  const bool entered =
      ImGui::InputTextWithHint("##seed", "seed", seedText_, sizeof seedText_,
                               ImGuiInputTextFlags_CharsDecimal | ImGuiInputTextFlags_EnterReturnsTrue);
  markItem("seed_input");
  seedEditing_ = ImGui::IsItemActive();
  if (entered || ImGui::IsItemDeactivatedAfterEdit()) {
    const std::string text = seedText_;
    if (!text.empty() && text.size() <= 19 && text.find_first_not_of("0123456789") == std::string::npos)
      ex.codes().fromSeed(std::stoull(text));
    else if (!text.empty()) ex.status().fail("seed: '" + text + "' is not a whole number below 10^19 (type e.g. 42)");
  }
  tooltip(
      "Type a seed and press Enter: its code, the same as latentlab-cli sample --seed N gives for its first "
      "image (same seed, same latent size, same code)");
  sameLineIfRoom(110);
  if (ImGui::Button("Export image")) ex.exportCurrentImage();
  markItem("export_image");
  tooltip("Save the decoded image as PNG in the run's exports/");

  if (ex.truncates()) {
    ImGui::SetNextItemWidth(160);
    ImGui::SliderFloat("truncation psi", &ex.codes().truncation(), kTruncationMin, kTruncationMax, "%.2f");
    markItem("truncation");
    tooltip(
        "The image and the sample grid decode z * psi: towards the prior's mean (the average image). Below 1 "
        "gives more typical, less varied images; 1 leaves the code as it is");
  }
}

void SlidersPanel::drawPad(Explorer& ex, float side) {
  const int dims = int(ex.codes().code().size());
  if (dims != padDims_) {
    padDims_ = dims;
    padChosen_ = false;
  }
  if (!padChosen_)
    std::tie(padX_, padY_) = twoMostUsedDims(ex.snapshot() ? ex.snapshot()->klPerDim : std::vector<float>(), dims);
  padX_ = std::clamp(padX_, 0, std::max(dims - 1, 0));
  padY_ = std::clamp(padY_, 0, std::max(dims - 1, 0));
  auto dimCombo = [&](const char* id, int& dim) {
    ImGui::SetNextItemWidth(side / 2 - 4);
    char preview[16];
    std::snprintf(preview, sizeof preview, "%s z%d", id[2] == 'x' ? "x:" : "y:", dim);
    if (ImGui::BeginCombo(id, preview)) {
      const auto& kl = ex.snapshot() ? ex.snapshot()->klPerDim : std::vector<float>();
      for (int d = 0; d < dims; ++d) {
        char item[48];
        if (size_t(d) < kl.size()) std::snprintf(item, sizeof item, "z%d  (KL %.2f)", d, double(kl[size_t(d)]));
        else std::snprintf(item, sizeof item, "z%d", d);
        if (ImGui::Selectable(item, d == dim)) {
          dim = d;
          padChosen_ = true;
        }
      }
      ImGui::EndCombo();
    }
  };
  dimCombo("##x", padX_);
  markItem("pad_x");
  tooltip("The dimension the pad moves left to right (the two most used, by KL, until you choose)");
  ImGui::SameLine(0, 4);
  dimCombo("##y", padY_);
  markItem("pad_y");
  tooltip("The dimension the pad moves bottom to top");
  if (dims == 0) return;
  float& x = ex.codes().values()[size_t(padX_)];
  float& y = ex.codes().values()[size_t(padY_)];
  float nx = x, ny = y;
  const std::string xName = "z" + std::to_string(padX_), yName = "z" + std::to_string(padY_);
  const PadResult pad = latentPad("pad", side, kSliderRange, nx, ny, xName.c_str(), yName.c_str());
  markItem("pad");
  if (pad.changed) {
    x = nx;
    y = ny;  // the same dimension on both axes: the vertical wins
    ex.codes().edited();
  }
  if (pad.released) ex.codes().record("pad " + xName + "," + yName);
}

void SlidersPanel::decodeIfChanged(Explorer& ex) {
  // Decode when the decoded code (the sliders' code, truncated for a GAN) or the weights changed: the drag is
  // answered in the same frame, and a new model (a new run, another run opened) is shown from its first frame.
  const uint64_t weights = ex.decoder().weightsId();
  const Code wanted = ex.decodedCode();
  if (wanted != decodedCode_ || weights != decodedWeights_) {
    // Marked first: a decode that throws (the frame loop shows why) is tried again only when something changed.
    const bool newWeights = weights != decodedWeights_;
    decodedCode_ = wanted;
    decodedWeights_ = weights;
    if (ex.decoder().decodesOnWorker()) {
      if (newWeights) shown_ = Image();  // nothing of another model is shown meanwhile
      const uint64_t ticket = ex.decodes().request(kSlidersSlot, ex.decoder().weights(), {wanted});
      if (newWeights) firstTicket_ = ticket;
    } else {
      shown_ = Image();
      shown_ = ex.decodeCode();
      texture_.update(shown_);
    }
  }
  if (auto decoded = ex.decodes().take(kSlidersSlot); decoded && decoded->ticket >= firstTicket_) {
    if (!decoded->error.empty()) ex.status().fail({"decoding the sliders' code", decoded->error.why, ""});
    else if (!decoded->images.empty()) texture_.update(shown_ = decoded->images.front());
  }
}

void SlidersPanel::reportFacts(const Explorer& ex) const {
  if (!reportsOn()) return;
  reportFact("code", ex.codes().code());
  reportFact("code_seed", ex.codes().seed() ? int64_t(*ex.codes().seed()) : int64_t(-1));
  reportFact("history_size", ex.codes().history().size());
  reportFact("history_index", ex.codes().history().index());
  reportFact("truncation", ex.truncates() ? double(ex.codes().truncation()) : 1.0);
  reportFact("truncation_shown", ex.truncates());
  reportFact("pad_dims", std::vector<int>{padX_, padY_});
}

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
  drawCodeControls(ex);

  // Sliders on the left; on the right the image above the pad, or beside it when the panel is wide and low.
  const ImVec2 avail = ImGui::GetContentRegionAvail();
  const float gap = ImGui::GetStyle().ItemSpacing.y, comboRow = ImGui::GetFrameHeightWithSpacing();
  const float right = avail.x * 0.6f;
  const float stacked = std::min(right, (avail.y - comboRow - gap) / 2);
  const float sideBySide = std::min(right / 2 - gap, avail.y - comboRow);
  const bool besides = sideBySide > stacked;
  const float side = std::max(40.0f, besides ? sideBySide : stacked);
  const float rightWidth = besides ? 2 * side + gap : side;
  ImGui::BeginChild("sliders", ImVec2(std::max(avail.x - rightWidth - 8, 60.0f), 0));
  const auto& kl = ex.snapshot() ? ex.snapshot()->klPerDim : std::vector<float>();
  for (size_t d = 0; d < ex.codes().code().size(); ++d) {
    char label[32];
    std::snprintf(label, sizeof label, "z%zu", d);
    ImGui::SetNextItemWidth(-40);
    if (ImGui::SliderFloat(label, &ex.codes().values()[d], -kSliderRange, kSliderRange, "%.2f")) ex.codes().edited();
    if (ImGui::IsItemDeactivatedAfterEdit()) ex.codes().record(label);  // the end of a drag goes into the history
    if (d == 0) markItem("slider0");
    if (ImGui::IsItemHovered()) {
      if (d < kl.size())
        ImGui::SetTooltip("Latent dimension %zu (KL %.3f nats: %s)", d, double(kl[d]),
                          kl[d] > 0.01f ? "in use" : "unused, sliding it changes little");
      else ImGui::SetTooltip("Latent dimension %zu; ctrl+click to type a value", d);
    }
  }
  ImGui::EndChild();
  ImGui::SameLine();

  decodeIfChanged(ex);
  ImGui::BeginGroup();
  if (texture_.valid() && !shown_.empty()) ImGui::Image(texture_.imguiId(), ImVec2(side, side));
  else ImGui::Dummy(ImVec2(side, side));
  tooltip(ex.truncates() ? "The generator's image for the code on the sliders, truncated by psi"
                         : "The decoder's image for the code on the sliders");
  if (besides) ImGui::SameLine(0, gap);
  ImGui::BeginGroup();
  drawPad(ex, side);
  ImGui::EndGroup();
  ImGui::EndGroup();
  reportFacts(ex);
  ImGui::End();
}

}  // namespace latentlab
