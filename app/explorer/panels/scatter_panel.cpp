#include "panels/scatter_panel.h"

#include <imgui.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "explorer.h"
#include "latent/scatter_query.h"
#include "layout.h"
#include "panels/panel_util.h"
#include "test_report.h"
#include "util/error.h"
#include "util/view_zoom.h"

namespace latentlab {

namespace {

constexpr float kPickRadius2 = 64.0f;  // squared pixels: how near the mouse a point must be to be hovered

}  // namespace

void ScatterPanel::fit(ImVec2 size) {
  view_.centerX = 0.5f * (minX_ + maxX_);
  view_.centerY = 0.5f * (minY_ + maxY_);
  const float half = 0.55f * std::max({maxX_ - minX_, (maxY_ - minY_) * size.x / size.y, 1e-3f});
  view_.halfWidth = half;
  view_.halfHeight = half * size.y / size.x;
}

void ScatterPanel::runSearch(const LatentCodes& codes) {
  const ScatterQuery q = parseScatterQuery(search_, codes.classNames, codes.count);
  searchMessage_ = q.message;
  if (q.kind == ScatterQuery::Point && size_t(q.point) < xs_.size()) {
    selected_ = int(q.point);
    if (size_t(q.point) < pointShown_.size() && !pointShown_[size_t(q.point)])
      showAll();  // a hidden point is shown again
    // Jump: the point to the middle, zoomed in far enough to see its surroundings.
    view_.centerX = xs_[size_t(q.point)];
    view_.centerY = ys_[size_t(q.point)];
    userMovedView_ = true;
  } else if (q.kind == ScatterQuery::Class) {
    classShown_.assign(size_t(classCount_), false);
    if (q.label < classCount_) classShown_[size_t(q.label)] = true;
    upload();
  }
}

void ScatterPanel::drawControls(Explorer& ex, const LatentCodes& codes) {
  auto axisName = [](int axis) {
    if (ScatterEmbedding::isAxis(axis)) return ScatterEmbedding::axisName(axis);
    return axis >= 0 ? "z" + std::to_string(axis) : "PCA " + std::to_string(-axis);
  };
  for (int* axis : {&axisX_, &axisY_}) {
    ImGui::SetNextItemWidth(90);
    if (ImGui::BeginCombo(axis == &axisX_ ? "x" : "y", axisName(*axis).c_str())) {
      embedding_.drawAxisChoice(axisX_, axisY_);  // UMAP (scatter_embedding.h)
      for (int a = -2; a < codes.dims; ++a)
        if (ImGui::Selectable(axisName(a).c_str(), *axis == a)) *axis = a;
      ImGui::EndCombo();
    }
    markItem(axis == &axisX_ ? "scatter_x" : "scatter_y");  // GUI tests open the axis combos
    tooltip("A latent dimension, a principal axis of all the codes, or UMAP");
    sameLineIfRoom(axis == &axisX_ ? 110 : 170);  // then the y combo; then the colour combo (or Fit)
  }
  if (codes.scores.empty() && !codes.factorNames.empty()) {
    ImGui::SetNextItemWidth(110);
    std::string current = colourBy_ == 0 ? "label" : codes.factorNames[size_t(colourBy_ - 1)];
    if (ImGui::BeginCombo("colour", current.c_str())) {
      if (ImGui::Selectable("label", colourBy_ == 0)) colourBy_ = 0;
      for (size_t f = 0; f < codes.factorNames.size(); ++f)
        if (ImGui::Selectable(codes.factorNames[f].c_str(), colourBy_ == int(f) + 1)) colourBy_ = int(f) + 1;
      ImGui::EndCombo();
    }
    tooltip("Colour the points by their label or by a true generative factor of the shapes");
    sameLineIfRoom(40);
  }
  if (ImGui::Button("Fit")) {
    fitView_ = true;
    userMovedView_ = false;
  }
  markItem("scatter_fit");
  tooltip("Show all the points again (or double-click the plot). Wheel zooms at the mouse, dragging pans.");
  sameLineIfRoom(150);
  ImGui::SetNextItemWidth(140);
  const bool entered = ImGui::InputTextWithHint("##search", "find: 123, Sneaker", search_, sizeof search_,
                                                ImGuiInputTextFlags_EnterReturnsTrue);
  markItem("scatter_search");
  tooltip("A point's index jumps to it; a class name (or 'label 7') shows only that class. Enter to search.");
  if (entered) runSearch(codes);
  sameLineIfRoom(200);
  // Every point is drawn: the count is the data set's, and the step is the one the codes were computed at.
  if (shownCount_ == codes.count)
    ImGui::TextDisabled("%lld points, step %lld", (long long)codes.count, (long long)codes.step);
  else
    ImGui::TextDisabled("%lld of %lld points, step %lld", (long long)shownCount_, (long long)codes.count,
                        (long long)codes.step);
  if (codes.scores.empty() && codes.trainCount < codes.count)
    tooltip(("All the points of the data set, none sampled: " + std::to_string(codes.trainCount) +
             " training images and " + std::to_string(codes.count - codes.trainCount) +
             " test images, encoded by the model of this training step")
                .c_str());
  else tooltip("All the points of the data set (none sampled), encoded by the model of this training step");
  if (!searchMessage_.empty()) ImGui::TextColored(ImVec4(1, 0.6f, 0.3f, 1), "%s", searchMessage_.c_str());
  // UMAP axes: computed in the background for these codes; its progress on this line.
  embedding_.update(codes, ex.runGeneration(), ScatterEmbedding::isAxis(axisX_) || ScatterEmbedding::isAxis(axisY_));
  embedding_.drawStatus();
  if (const Failure failure = embedding_.takeNewFailure(); !failure.empty()) ex.status().fail(failure);
}

void ScatterPanel::draw(Explorer& ex) {
  placeNext("Latent scatter");
  if (!ImGui::Begin("Latent scatter")) {
    ImGui::End();
    return;
  }
  if (!renderer_) renderer_ = std::make_unique<ScatterRenderer>();
  const auto snap = ex.snapshot();
  const auto codes = snap ? snap->latents : nullptr;
  if (!codes || codes->count == 0) {
    ImGui::TextDisabled("the data set's latent codes appear a few seconds after a run starts");
    ImGui::End();
    return;
  }

  drawControls(ex, *codes);
  const bool newRun = ex.runGeneration() != builtRun_;
  if (codes->version != builtVersion_ || newRun || axisX_ != builtX_ || axisY_ != builtY_ ||
      colourBy_ != builtColour_ || embedding_.generation() != builtEmbedding_) {
    // Another run's codes lie elsewhere: start from a fitted view, all classes, and forget the old run's points.
    if (newRun) {
      userMovedView_ = false;
      hoverShown_ = hoverAsked_ = selected_ = -1;
      thumbsOf_.clear();
      thumbsAsked_.clear();
      classShown_.clear();
    }
    // The cloud grows as training spreads the codes: follow it until the user zooms or pans.
    if (builtX_ != axisX_ || builtY_ != axisY_ || !userMovedView_) fitView_ = true;
    rebuild(*codes);
    builtVersion_ = codes->version;
    builtRun_ = ex.runGeneration();
    builtX_ = axisX_;
    builtY_ = axisY_;
    builtColour_ = colourBy_;
    builtEmbedding_ = embedding_.generation();
    if (selected_ >= codes->count) selected_ = -1;
  }
  drawLegend(*codes);

  // The plot, with a strip for the focused point's neighbours below it.
  const float strip = ImGui::GetTextLineHeightWithSpacing() + 52;
  origin_ = ImGui::GetCursorScreenPos();
  size_ = ImVec2(std::max(ImGui::GetContentRegionAvail().x, 64.0f),
                 std::max(ImGui::GetContentRegionAvail().y - strip, 64.0f));
  if (fitView_) {
    fit(size_);
    fitView_ = false;
  }
  renderer_->render(int(size_.x), int(size_.y), view_, codes->count > 20000 ? 2.0f : 4.0f);
  // The plot is a button so that a drag pans the view instead of moving the window.
  ImGui::InvisibleButton("##scatter", size_);
  markItem("scatter");
  const bool hovered = ImGui::IsItemHovered();
  const bool dragging = ImGui::IsItemActive() && ImGui::IsMouseDragging(ImGuiMouseButton_Left);
  const ImGuiIO& io = ImGui::GetIO();
  // A press and release that hardly moved is a click, not a pan.
  const bool clicked = ImGui::IsItemDeactivated() && io.MouseDragMaxDistanceSqr[ImGuiMouseButton_Left] < 9.0f;
  ImDrawList* draw = ImGui::GetWindowDrawList();
  renderer_->draw(draw, origin_, size_, view_);
  if (hovered && io.MouseWheel != 0) {
    // Zoom at the cursor: the data value under the mouse stays under it (as the loss plot does).
    const double factor = std::pow(0.8, double(io.MouseWheel));  // per notch; notches of one frame add up
    double cx = view_.centerX, hw = view_.halfWidth, cy = view_.centerY, hh = view_.halfHeight;
    const double atX = cx + (2.0 * (io.MousePos.x - origin_.x) / size_.x - 1.0) * hw;
    const double atY = cy - (2.0 * (io.MousePos.y - origin_.y) / size_.y - 1.0) * hh;
    zoomAbout(cx, hw, atX, factor);
    zoomAbout(cy, hh, atY, factor);
    view_ = {float(cx), float(cy), float(hw), float(hh)};
    userMovedView_ = true;
  }
  if (dragging) {
    view_.centerX -= io.MouseDelta.x / size_.x * 2 * view_.halfWidth;
    view_.centerY += io.MouseDelta.y / size_.y * 2 * view_.halfHeight;
    userMovedView_ = true;
  }
  if (hovered && ImGui::IsMouseDoubleClicked(ImGuiMouseButton_Left)) {
    fitView_ = true;
    userMovedView_ = false;
  }

  // Nearest shown point under the mouse: searched again only when the mouse, the view or the points moved (a
  // million distances are a few milliseconds; a frame that repeats the last should cost nothing).
  const HoverKey key{io.MousePos.x, io.MousePos.y, view_, (long long)shownVersion_, builtVersion_, size_.x, size_.y};
  const bool searchAgain = !(key == hoverKey_);
  hoverKey_ = key;
  if (!hovered || dragging) {
    hoverIndex_ = -1;
    hoverKey_ = HoverKey{};  // the next hover searches
  }
  if (hovered && !dragging && searchAgain) {
    hoverIndex_ = -1;
    float best = kPickRadius2;
    for (size_t i = 0; i < xs_.size(); ++i) {
      if (!pointShown_.empty() && !pointShown_[i]) continue;
      const ImVec2 p = toScreen(xs_[i], ys_[i]);
      const float d = (p.x - io.MousePos.x) * (p.x - io.MousePos.x) + (p.y - io.MousePos.y) * (p.y - io.MousePos.y);
      if (d < best) {
        best = d;
        hoverIndex_ = int(i);
      }
    }
  }
  if (clicked) {
    if (hoverIndex_ >= 0 && io.KeyShift) {
      ex.codes().pick(pickSecond_, hoverIndex_);
      pickSecond_ = !pickSecond_;
    } else if (hoverIndex_ >= 0) {
      ex.setCodeFromPoint(hoverIndex_);
      selected_ = hoverIndex_;
    } else {
      selected_ = -1;  // a click on empty space lets go of the selected point
    }
  }
  draw->PushClipRect(origin_, ImVec2(origin_.x + size_.x, origin_.y + size_.y), true);
  drawAxes(draw);
  drawMarkers(ex, draw);
  drawKey(draw);
  draw->PopClipRect();
  requestDecodes(ex, *codes);
  if (hoverIndex_ >= 0) drawHoverCard(ex, *codes);
  drawNeighbours(ex, codes);
  ImGui::End();
}

void ScatterPanel::reportFacts(nlohmann::json& facts) const {
  nlohmann::json s;
  s["hover"] = hoverIndex_;
  s["selected"] = selected_;
  s["shown"] = shownCount_;
  s["count"] = codesCount_;
  s["step"] = codesStep_;
  s["class_sizes"] = classSizes_;
  s["view"] = {view_.centerX, view_.centerY, view_.halfWidth, view_.halfHeight};
  s["plot"] = {origin_.x, origin_.y, size_.x, size_.y};  // window pixels: tests use the "scatter" item instead
  if (hoverIndex_ >= 0 && size_t(hoverIndex_) < xs_.size()) {
    const ImVec2 p = toScreen(xs_[size_t(hoverIndex_)], ys_[size_t(hoverIndex_)]);
    s["hover_at"] = {(p.x - origin_.x) / size_.x, (p.y - origin_.y) / size_.y};  // fractions of the plot
  }
  s["hover_image"] = hoverShown_ >= 0 && hoverShown_ == hoverIndex_;
  s["hover_details"] = hoverDetails_;
  s["neighbours_of"] = neighbourOf_;
  s["neighbours"] = neighbourList_;
  s["thumbnails"] = thumbsOf_;
  s["search_message"] = searchMessage_;
  s["code_marked"] = codeMarked_;
  facts["scatter"] = s;
}

}  // namespace latentlab
