#include "safe_draw.h"

#include <imgui.h>
#include <imgui_internal.h>

#include <cstdio>
#include <exception>

namespace latentlab {

namespace {

// Ends the windows (and child windows) opened since the stack had `depth` entries, first undoing what was pushed
// inside each (IDs, styles, groups, tables), as ImGui's own end-of-frame recovery does.
void endWindowsDownTo(int depth) {
  ImGuiContext& g = *ImGui::GetCurrentContext();
  while (g.CurrentWindowStack.Size > depth && g.CurrentWindowStack.Size > 1) {
    ImGui::ErrorCheckEndWindowRecover(nullptr);
    if (g.CurrentWindow->Flags & ImGuiWindowFlags_ChildWindow) ImGui::EndChild();
    else ImGui::End();
  }
}

}  // namespace

bool drawSafely(const char* what, StatusLine& status, const std::function<void()>& draw) {
  const int depth = ImGui::GetCurrentContext()->CurrentWindowStack.Size;
  try {
    draw();
    return true;
  } catch (const std::exception& e) {
    endWindowsDownTo(depth);
    status.fail(failureOf(what, e));
    std::fprintf(stderr, "latentlab: %s\n", status.failure().text().c_str());
  }
  return false;
}

}  // namespace latentlab
