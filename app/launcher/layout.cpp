#include "layout.h"

#include <imgui_internal.h>  // ImGuiWindow: a panel's rectangle and content size, read after it was drawn

#include <algorithm>
#include <cmath>
#include <cstring>
#include <filesystem>

namespace latentlab {

namespace {

struct Fractions {
  float x0, y0, x1, y1;  // of the area below the menu bar
};

struct Panel {
  const char* name;
  Fractions place;             // where it goes: the default tiling until the user moves it
  bool placeNext = true;       // set its rectangle at the next Begin (first use, window resized)
  bool tracked = false;        // seen once: its rectangle since is ours or the user's
  ImVec2 pos = {}, size = {};  // as of the last frame, to tell a user's move from ours
};

// Left column: data and model, reconstructions, system; middle: training, curves, sliders; right: scatter and
// latent views. Shared edges, so the tiling covers the whole area. Listed in the order the frame loop draws them,
// which the launcher's starting frames follow, so the same panel has the focus when the explorer takes over.
Panel panels[] = {
    {"Data & model", {0.00f, 0.00f, 0.22f, 0.52f}},   {"Training", {0.22f, 0.00f, 0.56f, 0.24f}},
    {"Loss curves", {0.22f, 0.24f, 0.56f, 0.55f}},    {"Reconstructions", {0.00f, 0.52f, 0.22f, 0.80f}},
    {"Latent scatter", {0.56f, 0.00f, 1.00f, 0.55f}}, {"Latent sliders", {0.22f, 0.55f, 0.56f, 1.00f}},
    {"Latent views", {0.56f, 0.55f, 1.00f, 1.00f}},   {"System", {0.00f, 0.80f, 0.22f, 1.00f}},
};

ImVec2 display(0, 0);

float top() { return ImGui::GetFrameHeight(); }  // the main menu bar
ImVec2 area() { return ImVec2(display.x, std::max(1.0f, display.y - top())); }

Panel* find(const char* name) {
  for (auto& p : panels)
    if (std::strcmp(p.name, name) == 0) return &p;
  return nullptr;
}

bool same(ImVec2 a, ImVec2 b) { return std::fabs(a.x - b.x) < 0.5f && std::fabs(a.y - b.y) < 0.5f; }

// A rectangle in window pixels as fractions of the area, moved and shrunk into it.
Fractions fractionsOf(ImVec2 pos, ImVec2 size) {
  const ImVec2 a = area();
  float w = std::clamp(size.x / a.x, 0.05f, 1.0f), h = std::clamp(size.y / a.y, 0.05f, 1.0f);
  float x = std::clamp(pos.x / a.x, 0.0f, 1.0f - w), y = std::clamp((pos.y - top()) / a.y, 0.0f, 1.0f - h);
  return {x, y, x + w, y + h};
}

}  // namespace

void setupStyleAndFonts(float scale) {
  ImGui::StyleColorsDark();
  ImGuiStyle& style = ImGui::GetStyle();
  style.WindowRounding = 4;
  style.FrameRounding = 3;
  style.ScaleAllSizes(scale);
  ImGuiIO& io = ImGui::GetIO();
  // DejaVu Sans from fonts-dejavu-core reads better than the built-in bitmap font and scales cleanly.
  const char* font = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf";
  std::error_code ec;
  if (std::filesystem::exists(font, ec) && io.Fonts->AddFontFromFileTTF(font, 15.0f * scale)) return;
  ImFontConfig config;
  config.SizePixels = 13.0f * scale;
  io.Fonts->AddFontDefault(&config);
}

void layoutFrame(ImVec2 displaySize) {
  if (displaySize.x <= 0 || displaySize.y <= 0) return;  // minimised: keep the layout for when it comes back
  if (same(displaySize, display)) return;
  const bool first = display.x == 0;
  display = displaySize;
  if (first) {
    // Panels imgui.ini knows are drawn where it says on the first frame, then fitted (trackPanels).
    const bool ini = ImGui::GetIO().IniFilename != nullptr;
    for (auto& p : panels) p.placeNext = !(ini && ImGui::FindWindowSettings(ImHashStr(p.name)));
    return;
  }
  for (auto& p : panels) p.placeNext = true;
}

std::vector<const char*> panelNames() {
  std::vector<const char*> names;
  for (const auto& p : panels) names.push_back(p.name);
  return names;
}

void placeNext(const char* name) {
  Panel* p = find(name);
  if (!p || !p->placeNext || display.x <= 0) return;
  const ImVec2 a = area();
  // Whole pixels, edges shared: neighbours meet without a gap or an overlap.
  const float x0 = std::round(p->place.x0 * a.x), x1 = std::round(p->place.x1 * a.x);
  const float y0 = std::round(top() + p->place.y0 * a.y), y1 = std::round(top() + p->place.y1 * a.y);
  ImGui::SetNextWindowPos(ImVec2(x0, y0), ImGuiCond_Always);
  ImGui::SetNextWindowSize(ImVec2(x1 - x0, y1 - y0), ImGuiCond_Always);
}

void trackPanels() {
  const ImVec2 a = area();
  for (auto& p : panels) {
    const ImGuiWindow* w = ImGui::FindWindowByName(p.name);
    if (!w || w->LastFrameActive != ImGui::GetFrameCount()) continue;  // not drawn this frame
    const bool placedByUs = p.placeNext;
    p.placeNext = false;
    if (!placedByUs && (!p.tracked || !same(w->Pos, p.pos) || !same(w->SizeFull, p.size))) {
      // Restored from imgui.ini (first frame) or moved by the user: its place from now on, fitted into the area.
      p.place = fractionsOf(w->Pos, w->SizeFull);
      const bool inside = w->Pos.x >= -0.5f && w->Pos.y >= top() - 0.5f && w->Pos.x + w->SizeFull.x <= a.x + 0.5f &&
                          w->Pos.y + w->SizeFull.y <= display.y + 0.5f;
      p.placeNext = !p.tracked && !inside;  // an ini rectangle outside this window goes inside next frame
    }
    p.tracked = true;
    p.pos = w->Pos;
    p.size = w->SizeFull;
  }
}

std::vector<PanelExtent> panelExtents() {
  std::vector<PanelExtent> out;
  for (const auto& p : panels) {
    PanelExtent e;
    e.name = p.name;
    if (const ImGuiWindow* w = ImGui::FindWindowByName(p.name); w && w->LastFrameActive == ImGui::GetFrameCount()) {
      e.drawn = true;
      e.collapsed = w->Collapsed;
      e.x0 = w->Pos.x, e.y0 = w->Pos.y, e.x1 = w->Pos.x + w->Size.x, e.y1 = w->Pos.y + w->Size.y;
      e.innerWidth = w->InnerRect.GetWidth() - 2 * w->WindowPadding.x;
      e.innerHeight = w->InnerRect.GetHeight() - 2 * w->WindowPadding.y;
      e.contentWidth = w->ContentSize.x;
      e.contentHeight = w->ContentSize.y;
      e.scrollsY = w->ScrollbarY;
    }
    out.push_back(e);
  }
  return out;
}

float menuBarHeight() { return top(); }

}  // namespace latentlab
