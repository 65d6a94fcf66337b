#pragma once
// Small helpers every panel uses: tooltips on the last item, and an image drawn at a chosen size.
#include <imgui.h>

namespace latentlab {

// Shows `text` when the previous item is hovered (every control gets one).
inline void tooltip(const char* text) {
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", text);
}

// Continues on the same line when the next item (about `width` pixels) still fits, else starts a new line, so a
// row of controls wraps in a narrow window instead of being cut off.
inline void sameLineIfRoom(float width) {
  ImGui::SameLine();
  if (ImGui::GetContentRegionAvail().x < width) ImGui::NewLine();
}

}  // namespace latentlab
