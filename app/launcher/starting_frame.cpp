#include "starting_frame.h"

#include <imgui.h>

#include "layout.h"

namespace latentlab {

void drawStartingFrame(StartingState state, const char* message) {
  const bool failed = state == StartingState::Failed;
  const ImVec4 errorColour(1.0f, 0.45f, 0.35f, 1.0f);  // the explorer's error line's
  if (ImGui::BeginMainMenuBar()) {
    // The explorer's menus, greyed until it is there to act on them.
    for (const char* menu : {"File", "Export", "Help"}) ImGui::BeginMenu(menu, false);
    if (failed) ImGui::TextColored(errorColour, "  LatentLab cannot start: see Data & model");
    else ImGui::TextDisabled("  %s", message);
    ImGui::EndMainMenuBar();
  }
  bool first = true;
  for (const char* name : panelNames()) {
    placeNext(name);
    if (ImGui::Begin(name)) {
      if (failed && first) {
        ImGui::PushTextWrapPos(0.0f);
        ImGui::TextColored(errorColour, "%s", message);
        ImGui::PopTextWrapPos();
      } else if (!failed) {
        ImGui::TextDisabled("starting...");
      }
    }
    ImGui::End();
    first = false;
  }
}

}  // namespace latentlab
