// What the scatter draws over its cached texture each frame (cheap: a few shapes): axis ticks at round values,
// the hovered and selected points, the neighbours, the sliders' code and the picks A and B with a key saying
// which is which; and the legend above the plot.
#include <algorithm>
#include <cmath>
#include <string>
#include <tuple>

#include "explorer.h"
#include "panels/panel_util.h"
#include "panels/scatter_colours.h"
#include "panels/scatter_panel.h"
#include "test_report.h"
#include "util/nice_ticks.h"

namespace latentlab {

namespace {

const ImU32 kTick = IM_COL32(150, 150, 160, 255);
const ImU32 kHover = IM_COL32(255, 255, 255, 255);
const ImU32 kSelected = IM_COL32(255, 225, 80, 255);
const ImU32 kNeighbour = IM_COL32(120, 230, 255, 230);
const ImU32 kCode = IM_COL32(255, 80, 200, 255);
const ImU32 kPickA = IM_COL32(255, 150, 60, 255);
const ImU32 kPickB = IM_COL32(110, 200, 255, 255);

void diamond(ImDrawList* draw, ImVec2 p, float r, ImU32 colour, float thickness) {
  draw->AddQuad(ImVec2(p.x, p.y - r), ImVec2(p.x + r, p.y), ImVec2(p.x, p.y + r), ImVec2(p.x - r, p.y), colour,
                thickness);
}

// A horizontal colour bar from `low` to `high` with their values at the ends: the legend of a continuous colour.
void colourBar(const char* name, float low, float high) {
  ImGui::Text("%s  %.3g", name, double(low));
  ImGui::SameLine();
  const ImVec2 at = ImGui::GetCursorScreenPos();
  const float width = 160, height = ImGui::GetTextLineHeight();
  ImDrawList* draw = ImGui::GetWindowDrawList();
  for (int i = 0; i < 32; ++i) {
    float r, g, b;
    viridis((float(i) + 0.5f) / 32, r, g, b);
    draw->AddRectFilled(ImVec2(at.x + width * float(i) / 32, at.y),
                        ImVec2(at.x + width * float(i + 1) / 32, at.y + height), ImColor(r, g, b));
  }
  ImGui::Dummy(ImVec2(width, height));
  ImGui::SameLine();
  ImGui::Text("%.3g", double(high));
}

}  // namespace

void ScatterPanel::drawLegend(const LatentCodes& codes) {
  if (categorical(codes) && classCount_ > 0) {
    // One entry per class: click shows only that class (again: all), ctrl+click hides or shows it.
    const ImGuiIO& io = ImGui::GetIO();
    bool anyHidden = false;
    for (int c = 0; c < classCount_; ++c) {
      const std::string name =
          size_t(c) < codes.classNames.size() ? codes.classNames[size_t(c)] : "label " + std::to_string(c);
      const bool shown = classShown_[size_t(c)];
      anyHidden |= !shown;
      const float* rgb = labelColour(c);
      ImGui::PushID(c);
      ImGui::PushStyleColor(ImGuiCol_Text, ImVec4(rgb[0], rgb[1], rgb[2], shown ? 1.0f : 0.3f));
      const bool pressed = ImGui::Selectable(name.c_str(), false, 0, ImGui::CalcTextSize(name.c_str()));
      ImGui::PopStyleColor();
      markItem(("legend_" + std::to_string(c)).c_str());
      if (ImGui::IsItemHovered())
        ImGui::SetTooltip("%s: %lld points\nclick: only this class (click again: all)\nctrl+click: hide or show it",
                          name.c_str(), (long long)(size_t(c) < classSizes_.size() ? classSizes_[size_t(c)] : 0));
      if (pressed) {
        if (io.KeyCtrl) hideClass(c);
        else isolateClass(c);
      }
      ImGui::PopID();
      if (c + 1 < classCount_) sameLineIfRoom(ImGui::CalcTextSize("Ankle boot").x + 8);
    }
    if (anyHidden) {
      sameLineIfRoom(70);
      if (ImGui::SmallButton("show all")) showAll();
      markItem("legend_show_all");
      tooltip("Show every class again");
    }
  } else if (!codes.scores.empty()) {
    colourBar("D(G(z)):", 0.0f, 1.0f);
    tooltip("The discriminator's belief that the image of this code is real");
  } else if (colourBy_ > 0 && size_t(colourBy_) <= codes.factorNames.size()) {
    colourBar((codes.factorNames[size_t(colourBy_ - 1)] + ":").c_str(), factorMin_, factorMax_);
    tooltip("The true value of this generative factor for each image");
  }
}

void ScatterPanel::drawAxes(ImDrawList* draw) const {
  // Round values along the bottom and the left edge, with faint grid lines, about one per 100 pixels.
  const auto xt = linearTicks(view_.centerX - view_.halfWidth, view_.centerX + view_.halfWidth, int(size_.x / 100));
  const auto yt = linearTicks(view_.centerY - view_.halfHeight, view_.centerY + view_.halfHeight, int(size_.y / 80));
  const float bottom = origin_.y + size_.y, left = origin_.x;
  for (const auto& tick : xt) {
    const float x = toScreen(float(tick.value), 0).x;
    draw->AddLine(ImVec2(x, origin_.y), ImVec2(x, bottom), IM_COL32(255, 255, 255, 18));
    draw->AddLine(ImVec2(x, bottom - 5), ImVec2(x, bottom), kTick);
    draw->AddText(ImVec2(x - ImGui::CalcTextSize(tick.label.c_str()).x / 2, bottom - 20), kTick, tick.label.c_str());
  }
  for (const auto& tick : yt) {
    const float y = toScreen(0, float(tick.value)).y;
    draw->AddLine(ImVec2(left, y), ImVec2(origin_.x + size_.x, y), IM_COL32(255, 255, 255, 18));
    if (y > bottom - 34) continue;  // keep clear of the x labels
    // Above its grid line (a tick mark beside the label would read as a minus sign).
    draw->AddText(ImVec2(left + 4, y - 15), kTick, tick.label.c_str());
  }
}

void ScatterPanel::drawMarkers(Explorer& ex, ImDrawList* draw) {
  const int focus = hoverIndex_ >= 0 ? hoverIndex_ : selected_;
  if (focus >= 0 && focus == neighbourOf_)
    for (int64_t n : neighbourList_)
      if (size_t(n) < xs_.size()) draw->AddCircle(toScreen(xs_[size_t(n)], ys_[size_t(n)]), 4.5f, kNeighbour, 12, 1.5f);
  if (selected_ >= 0 && size_t(selected_) < xs_.size()) {
    const ImVec2 p = toScreen(xs_[size_t(selected_)], ys_[size_t(selected_)]);
    draw->AddRect(ImVec2(p.x - 6, p.y - 6), ImVec2(p.x + 6, p.y + 6), kSelected, 0, 0, 2.0f);
  }
  for (auto [index, name, colour] :
       {std::tuple{ex.codes().pickA(), "A", kPickA}, std::tuple{ex.codes().pickB(), "B", kPickB}}) {
    if (index < 0 || size_t(index) >= xs_.size()) continue;
    const ImVec2 p = toScreen(xs_[size_t(index)], ys_[size_t(index)]);
    draw->AddCircle(p, 7, colour, 16, 2.5f);
    draw->AddText(ImVec2(p.x + 8, p.y - 16), colour, name);
  }
  // The sliders' code, projected on the same axes (it moves as the sliders do).
  codeMarked_ = false;
  float cx = 0, cy = 0;
  if (projectCode(ex.codes().code(), cx, cy)) {
    const ImVec2 p = toScreen(cx, cy);
    diamond(draw, p, 8, IM_COL32(0, 0, 0, 200), 4.5f);
    diamond(draw, p, 8, kCode, 2.5f);
    codeMarked_ = p.x >= origin_.x && p.x <= origin_.x + size_.x && p.y >= origin_.y && p.y <= origin_.y + size_.y;
  }
  if (hoverIndex_ >= 0) {
    const ImVec2 p = toScreen(xs_[size_t(hoverIndex_)], ys_[size_t(hoverIndex_)]);
    const ScatterPoint& point = (*points_)[size_t(hoverIndex_)];
    draw->AddCircleFilled(p, 5, ImColor(point.r, point.g, point.b), 16);
    draw->AddCircle(p, 9, kHover, 20, 2.0f);
  }
}

void ScatterPanel::drawKey(ImDrawList* draw) const {
  // Top right: which marker is which.
  const char* names[] = {"sliders' code", "pick A", "pick B", "hovered", "selected", "neighbours"};
  float width = 0;
  for (const char* n : names) width = std::max(width, ImGui::CalcTextSize(n).x);
  const float line = ImGui::GetTextLineHeight() + 2;
  const ImVec2 at(origin_.x + size_.x - width - 34, origin_.y + 6);
  draw->AddRectFilled(ImVec2(at.x - 6, at.y - 4), ImVec2(origin_.x + size_.x - 4, at.y + line * 6 + 2),
                      IM_COL32(18, 19, 23, 190), 4);
  for (int i = 0; i < 6; ++i) {
    const ImVec2 p(at.x + 8, at.y + line * float(i) + line / 2);
    switch (i) {
      case 0: diamond(draw, p, 6, kCode, 2.0f); break;
      case 1: draw->AddCircle(p, 6, kPickA, 16, 2.5f); break;
      case 2: draw->AddCircle(p, 6, kPickB, 16, 2.5f); break;
      case 3: draw->AddCircle(p, 6, kHover, 16, 2.0f); break;
      case 4: draw->AddRect(ImVec2(p.x - 5, p.y - 5), ImVec2(p.x + 5, p.y + 5), kSelected, 0, 0, 2.0f); break;
      default: draw->AddCircle(p, 4.5f, kNeighbour, 12, 1.5f); break;
    }
    draw->AddText(ImVec2(at.x + 20, p.y - line / 2 + 1), IM_COL32(220, 220, 225, 255), names[i]);
  }
}

}  // namespace latentlab
