#include "layout.h"

#include <cstring>
#include <filesystem>

namespace latentlab {

namespace {

ImVec2 display(1600, 1000);

struct Placement {
  const char* name;
  float x0, y0, x1, y1;  // fractions of the display below the menu bar
};

// Left column: data and model, system; middle: training, curves, sliders; right: scatter and latent views.
const Placement kLayout[] = {
    {"Data & model", 0.00f, 0.00f, 0.22f, 0.52f},  {"Reconstructions", 0.00f, 0.52f, 0.22f, 0.80f},
    {"System", 0.00f, 0.80f, 0.22f, 1.00f},        {"Training", 0.22f, 0.00f, 0.56f, 0.24f},
    {"Loss curves", 0.22f, 0.24f, 0.56f, 0.55f},   {"Latent sliders", 0.22f, 0.55f, 0.56f, 1.00f},
    {"Latent scatter", 0.56f, 0.00f, 1.00f, 0.55f}, {"Latent views", 0.56f, 0.55f, 1.00f, 1.00f},
};

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

void placeWindowsOnFirstUse(ImVec2 displaySize) { display = displaySize; }

void placeNext(const char* name) {
  const float top = ImGui::GetFrameHeight();  // the main menu bar
  const float height = display.y - top;
  for (const auto& p : kLayout) {
    if (std::strcmp(p.name, name) != 0) continue;
    ImGui::SetNextWindowPos(ImVec2(p.x0 * display.x, top + p.y0 * height), ImGuiCond_FirstUseEver);
    ImGui::SetNextWindowSize(ImVec2((p.x1 - p.x0) * display.x, (p.y1 - p.y0) * height), ImGuiCond_FirstUseEver);
    return;
  }
}

}  // namespace latentlab
