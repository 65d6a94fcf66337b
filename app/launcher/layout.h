#pragma once
// Where the panels are: a tiling of the window below the menu bar that follows the window's size. Each panel
// keeps its rectangle as fractions of that area; when the window is resized, every panel is placed again at its
// fractions of the new size, so the tiling fills any window. A panel the user moves or resizes keeps where they
// put it, as fractions too, and follows later resizes the same way. Later launches start from imgui.ini, fitted
// into the window. Also the style and fonts, scaled for HiDPI screens.
#include <imgui.h>

#include <string>
#include <vector>

namespace latentlab {

void setupStyleAndFonts(float contentScale);
// What shows where no panel is drawn: the launcher's starting frames and the frame loop's clear the same.
constexpr float kWindowBackground[4] = {0.09f, 0.10f, 0.12f, 1.0f};

// Once per frame, before the panels: the window's size this frame (a change re-places every panel).
void layoutFrame(ImVec2 displaySize);
// The panels' names (their window titles), in the layout's order.
std::vector<const char*> panelNames();
// Call before ImGui::Begin(name): places the panel when the layout asks for it.
void placeNext(const char* name);
// Once per frame, after the panels: notes what the user moved or resized, and fits panels restored from
// imgui.ini into the window.
void trackPanels();

// Where each panel is and how much its content needs (GUI tests: no panel cut, no empty band), window pixels.
struct PanelExtent {
  std::string name;
  bool drawn = false, collapsed = false;
  float x0 = 0, y0 = 0, x1 = 0, y1 = 0;   // the panel's rectangle
  float innerWidth = 0, innerHeight = 0;  // room for content: inside the title bar, padding and scrollbars
  float contentWidth = 0, contentHeight = 0;
  bool scrollsY = false;  // a vertical scrollbar reaches the content below
};
std::vector<PanelExtent> panelExtents();
float menuBarHeight();

}  // namespace latentlab
