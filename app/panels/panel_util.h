#pragma once
// Small helpers every panel uses: tooltips on the last item, and an image drawn at a chosen size.
#include <imgui.h>

namespace latentlab {

// Shows `text` when the previous item is hovered (every control gets one).
inline void tooltip(const char* text) {
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", text);
}

}  // namespace latentlab
