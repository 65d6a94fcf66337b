#include "panels/latent_pad.h"

#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace latentlab {

PadResult latentPad(const char* id, float side, float range, float& x, float& y, const char* xLabel,
                    const char* yLabel) {
  PadResult result;
  const ImVec2 origin = ImGui::GetCursorScreenPos();
  ImGui::InvisibleButton(id, ImVec2(side, side));
  const ImVec2 centre(origin.x + side / 2, origin.y + side / 2);
  const float scale = side / (2 * range);  // pixels per unit
  if (ImGui::IsItemActive()) {             // pressed on the pad: the point follows the mouse, clamped to the range
    const ImVec2 mouse = ImGui::GetIO().MousePos;
    const float nx = std::clamp((mouse.x - centre.x) / scale, -range, range);
    const float ny = std::clamp((centre.y - mouse.y) / scale, -range, range);
    if (nx != x || ny != y) {
      x = nx;
      y = ny;
      result.changed = true;
    }
  }
  result.released = ImGui::IsItemDeactivated();
  const bool hovered = ImGui::IsItemHovered();

  ImDrawList* draw = ImGui::GetWindowDrawList();
  const ImVec2 end(origin.x + side, origin.y + side);
  draw->AddRectFilled(origin, end, IM_COL32(22, 24, 30, 255));
  draw->AddRect(origin, end, hovered ? IM_COL32(140, 150, 170, 255) : IM_COL32(80, 85, 100, 255));
  const ImU32 faint = IM_COL32(70, 75, 90, 255);
  draw->AddLine(ImVec2(origin.x, centre.y), ImVec2(end.x, centre.y), faint);
  draw->AddLine(ImVec2(centre.x, origin.y), ImVec2(centre.x, end.y), faint);
  for (float sd : {1.0f, 2.0f})  // where the prior N(0, 1) has its mass
    if (sd < range) draw->AddCircle(centre, sd * scale, IM_COL32(70, 75, 90, 160), 48);
  // The range at the ends of the axes, the dimensions' names beside them.
  const ImU32 text = IM_COL32(150, 150, 165, 255);
  char label[32];
  std::snprintf(label, sizeof label, "%+.0f", double(range));
  draw->AddText(ImVec2(end.x - ImGui::CalcTextSize(label).x - 3, centre.y + 2), text, label);
  draw->AddText(ImVec2(centre.x + 3, origin.y + 2), text, label);
  draw->AddText(ImVec2(origin.x + 3, end.y - ImGui::GetFontSize() - 2), text, xLabel);
  draw->AddText(ImVec2(centre.x - ImGui::CalcTextSize(yLabel).x - 4, origin.y + 2), text, yLabel);
  // The current point (clamped to the pad when the code lies outside the range: a ring then).
  const bool inside = std::abs(x) <= range && std::abs(y) <= range;
  const ImVec2 at(centre.x + std::clamp(x, -range, range) * scale, centre.y - std::clamp(y, -range, range) * scale);
  draw->AddLine(ImVec2(at.x, origin.y), ImVec2(at.x, end.y), IM_COL32(255, 200, 80, 60));
  draw->AddLine(ImVec2(origin.x, at.y), ImVec2(end.x, at.y), IM_COL32(255, 200, 80, 60));
  if (inside) draw->AddCircleFilled(at, 5, IM_COL32(255, 200, 80, 255));
  else draw->AddCircle(at, 5, IM_COL32(255, 200, 80, 255), 16, 2);
  if (hovered && !ImGui::IsItemActive())
    ImGui::SetTooltip("%s = %.2f, %s = %.2f\nDrag to move both dimensions at once", xLabel, double(x), yLabel,
                      double(y));
  return result;
}

}  // namespace latentlab
