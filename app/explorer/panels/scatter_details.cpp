// The scatter's details of one point: the hover card (its image, label, factor values, a GAN's score) and the
// strip of its nearest neighbours in latent space. A VAE's points show their data images; a GAN's points have
// none, so G(z) is decoded on the DecodeWorker and shown when it arrives: the frame never waits.
#include <cstdio>
#include <string>

#include "explorer.h"
#include "panels/panel_util.h"
#include "panels/scatter_panel.h"
#include "test_report.h"

namespace latentlab {

namespace {

std::string className(const LatentCodes& codes, int index) {
  if (codes.labels.empty() || size_t(index) >= codes.labels.size()) return "";
  const int label = codes.labels[size_t(index)];
  return size_t(label) < codes.classNames.size() ? codes.classNames[size_t(label)] : "label " + std::to_string(label);
}

}  // namespace

void ScatterPanel::requestDecodes(Explorer& ex, const LatentCodes& codes) {
  const bool decodes = !codes.scores.empty() && ex.decoder().ready();  // a GAN: no data image behind a point
  if (decodes && ex.decoder().weightsId() != decodedWith_) {
    decodedWith_ = ex.decoder().weightsId();  // a newer generator: G(z) of the same points changes
    hoverAsked_ = -1;
    thumbsAsked_.clear();
  }
  if (auto done = ex.decodes().take(kScatterHoverSlot); done && done->ticket == hoverTicket_ && !done->images.empty()) {
    hoverTexture_.update(done->images[0]);
    hoverShown_ = hoverAsked_;
  }
  if (auto done = ex.decodes().take(kScatterNeighbourSlot);
      done && done->ticket == thumbsTicket_ && done->images.size() == thumbsAsked_.size()) {
    for (size_t i = 0; i < done->images.size() && i < thumbs_.size(); ++i) thumbs_[i].update(done->images[i]);
    thumbsOf_ = thumbsAsked_;
  }
  if (hoverIndex_ >= 0 && hoverIndex_ != hoverAsked_) {
    hoverAsked_ = hoverIndex_;
    if (decodes) {
      hoverTicket_ = ex.decodes().request(kScatterHoverSlot, ex.decoder().weights(), {ex.pointCode(hoverIndex_)});
    } else {
      const Image image = ex.dataImage(hoverIndex_);
      hoverTexture_.update(image);
      hoverShown_ = image.pixels.empty() ? -1 : hoverIndex_;
    }
  }
  const int focus = hoverIndex_ >= 0 ? hoverIndex_ : selected_;
  if (focus < 0 || focus != neighbourOf_ || neighbourList_ == thumbsAsked_) return;
  thumbsAsked_ = neighbourList_;
  if (decodes) {
    std::vector<std::vector<float>> wanted;
    for (int64_t n : thumbsAsked_) wanted.push_back(ex.pointCode(int(n)));
    thumbsTicket_ = ex.decodes().request(kScatterNeighbourSlot, ex.decoder().weights(), std::move(wanted));
  } else {
    for (size_t i = 0; i < thumbsAsked_.size() && i < thumbs_.size(); ++i)
      thumbs_[i].update(ex.dataImage(int(thumbsAsked_[i])));
    thumbsOf_ = thumbsAsked_;
  }
}

void ScatterPanel::drawHoverCard(Explorer& ex, const LatentCodes& codes) {
  (void)ex;
  const int i = hoverIndex_;
  std::string text = "#" + std::to_string(i);
  if (codes.scores.empty() && codes.trainCount < codes.count)  // which image of which split it is
    text += i < codes.trainCount ? "  (training image " + std::to_string(i) + ")"
                                 : "  (test image " + std::to_string(i - codes.trainCount) + ")";
  const std::string name = className(codes, i);
  if (!name.empty()) text += "  " + name;
  // A shapes point: its true generative factors (the categorical one by name).
  const size_t factorCount = codes.factorNames.size();
  if (factorCount > 0 && codes.factors.size() == size_t(codes.count) * factorCount) {
    for (size_t f = 0; f < factorCount; ++f) {
      const float v = codes.factors[size_t(i) * factorCount + f];
      char line[96];
      if (f < factorIsLabel_.size() && factorIsLabel_[f])
        std::snprintf(line, sizeof line, "\n%s: %s", codes.factorNames[f].c_str(), name.c_str());
      else std::snprintf(line, sizeof line, "\n%s: %.3g", codes.factorNames[f].c_str(), double(v));
      text += line;
    }
  }
  if (!codes.scores.empty()) {
    char line[64];
    std::snprintf(line, sizeof line, "\nD(G(z)) %.3f", double(codes.scores[size_t(i)]));
    text += line;
  }
  hoverDetails_ = text;
  ImGui::BeginTooltip();
  if (hoverShown_ == i) {
    ImGui::Image(hoverTexture_.imguiId(), ImVec2(112, 112));
    if (!codes.scores.empty()) ImGui::TextDisabled("G(z) of this code");
  } else if (!codes.scores.empty()) {
    ImGui::Dummy(ImVec2(112, 112 - ImGui::GetTextLineHeight()));
    ImGui::TextDisabled("decoding G(z)...");
  }
  ImGui::TextUnformatted(text.c_str());
  ImGui::TextDisabled("click: sliders to this code; shift+click: pick for interpolation");
  ImGui::EndTooltip();
}

void ScatterPanel::drawNeighbours(Explorer& ex, const std::shared_ptr<const LatentCodes>& codes) {
  const int focus = hoverIndex_ >= 0 ? hoverIndex_ : selected_;
  if (const auto* found = neighbours_.find(codes, focus, pointShown_, shownVersion_)) {
    neighbourList_ = *found;
    neighbourOf_ = focus;
  }
  ImGui::PushTextWrapPos(0.0f);  // a narrow panel wraps these lines instead of cutting them
  if (focus < 0) {
    ImGui::TextDisabled("hover or click a point: its nearest neighbours in latent space show here");
    ImGui::PopTextWrapPos();
    return;
  }
  const std::string name = className(*codes, focus);
  ImGui::Text("nearest in latent space to #%d%s%s:", focus, name.empty() ? "" : " ", name.c_str());
  ImGui::PopTextWrapPos();
  if (focus != neighbourOf_ || thumbsOf_ != neighbourList_) {
    ImGui::TextDisabled(neighbours_.searching() || focus != neighbourOf_ ? "finding..." : "decoding...");
    return;
  }
  for (size_t n = 0; n < thumbsOf_.size(); ++n) {
    const int index = int(thumbsOf_[n]);
    ImGui::PushID(int(n));
    if (thumbs_[n].valid() && ImGui::ImageButton(thumbs_[n].imguiId(), ImVec2(44, 44), ImVec2(0, 0), ImVec2(1, 1), 1)) {
      selected_ = index;  // walk on: the neighbour becomes the selected point and the sliders take its code
      ex.setCodeFromPoint(index);
    }
    if (n == 0) markItem("scatter_neighbour0");
    if (ImGui::IsItemHovered()) {
      const std::string label = className(*codes, index);
      ImGui::SetTooltip("#%d%s%s\nclick: select it and set the sliders to its code", index, label.empty() ? "" : "  ",
                        label.c_str());
    }
    ImGui::PopID();
    if (n + 1 < thumbsOf_.size()) sameLineIfRoom(48);
  }
}

}  // namespace latentlab
