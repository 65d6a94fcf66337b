#pragma once
// Where each panel opens the first time (later launches restore the user's layout from imgui.ini), and the
// style and fonts, scaled for HiDPI screens.
#include <imgui.h>

namespace latentlab {

void setupStyleAndFonts(float contentScale);
// Call before ImGui::Begin(name): sets the panel's first-use position and size from the default layout.
void placeNext(const char* name);
// Remembers the display size the default layout is computed for (call once per frame).
void placeWindowsOnFirstUse(ImVec2 displaySize);

}  // namespace latentlab
