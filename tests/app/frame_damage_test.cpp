// FrameDamage (app/explorer/gl/frame_damage.h): which tiles of a frame differ from the last one drawn. Real ImGui frames,
// built without a window or OpenGL: the draw data is what the OpenGL backend would draw.
#include <gtest/gtest.h>
#include <imgui.h>

#include <functional>
#include <string>

#include "gl/frame_damage.h"

namespace latentlab {
namespace {

constexpr int kW = 800, kH = 600;

class Frames : public ::testing::Test {
 protected:
  Frames() {
    context_ = ImGui::CreateContext();
    ImGuiIO& io = ImGui::GetIO();
    io.IniFilename = nullptr;
    io.DisplaySize = ImVec2(kW, kH);
    io.DeltaTime = 1.0f / 60;
    unsigned char* pixels = nullptr;
    int w = 0, h = 0;
    io.Fonts->GetTexDataAsRGBA32(&pixels, &w, &h);  // builds the font atlas, as a backend would
  }
  ~Frames() override { ImGui::DestroyContext(context_); }

  // One frame: `ui` draws into it; returns the damage against the frame before.
  Damage frame(const std::function<void()>& ui, int width = kW, int height = kH) {
    ImGui::GetIO().DisplaySize = ImVec2(float(width), float(height));
    ImGui::NewFrame();
    ui();
    ImGui::Render();
    return damage_.compare(*ImGui::GetDrawData(), width, height);
  }

  // A few frames of the same content: new windows take ImGui two frames to settle (size, focus).
  void settle(const std::function<void()>& ui) {
    for (int i = 0; i < 3; ++i) frame(ui);
  }

  static void window(const char* name, ImVec2 pos, ImVec2 size, const std::function<void()>& content) {
    ImGui::SetNextWindowPos(pos);
    ImGui::SetNextWindowSize(size);
    ImGui::Begin(name, nullptr, ImGuiWindowFlags_NoSavedSettings);
    content();
    ImGui::End();
  }

  // Two panels side by side, as the explorer lays them out; `value` is shown in the left one.
  std::function<void()> panels(int value, const char* rightText = "unchanged text") {
    return [=] {
      window("Left", ImVec2(0, 0), ImVec2(400, 600), [&] {
        ImGui::TextUnformatted("a line that stays");
        ImGui::Text("step %d", value);
        ImGui::TextUnformatted("another line that stays");
      });
      window("Right", ImVec2(400, 0), ImVec2(400, 600), [&] { ImGui::TextUnformatted(rightText); });
    };
  }

  static bool inside(const PixelRect& r, int x0, int y0, int x1, int y1) {
    return r.x0 >= x0 && r.y0 >= y0 && r.x1 <= x1 && r.y1 <= y1;
  }
  static bool covers(const Damage& d, int x, int y) {
    if (d.full) return true;
    for (const PixelRect& r : d.rects)
      if (x >= r.x0 && x < r.x1 && y >= r.y0 && y < r.y1) return true;
    return false;
  }

  ImGuiContext* context_;
  FrameDamage damage_;
};

TEST_F(Frames, FirstFrameIsWholeAndARepeatIsNothing) {
  EXPECT_TRUE(frame(panels(1)).full);
  settle(panels(1));
  EXPECT_FALSE(frame(panels(1)).any());
  EXPECT_FALSE(frame(panels(1)).any());
  damage_.forceNext();
  EXPECT_TRUE(frame(panels(1)).full);
}

TEST_F(Frames, ChangedTextDamagesOnlyItsLine) {
  settle(panels(1));
  const Damage d = frame(panels(2));
  ASSERT_TRUE(d.any());
  ASSERT_FALSE(d.full);
  // Only tiles of the left panel, a small part of the window, and the line "step N" (its second line) itself.
  for (const PixelRect& r : d.rects) EXPECT_TRUE(inside(r, 0, 0, 416, kH)) << r.x0 << "," << r.y0;
  EXPECT_LT(d.area(), int64_t(kW) * kH / 20);
  const ImGuiStyle& style = ImGui::GetStyle();
  const float lineY = style.WindowPadding.y + ImGui::GetFrameHeight() + ImGui::GetTextLineHeightWithSpacing() * 1.5f;
  const float digitX = style.WindowPadding.x + ImGui::CalcTextSize("step ").x + 2;
  EXPECT_TRUE(covers(d, int(digitX), int(lineY))) << "the changed digit at " << digitX << ", " << lineY;
}

TEST_F(Frames, TextOfAnotherLengthDamagesOnlyItsPanel) {
  settle(panels(1));
  const Damage d = frame(panels(1, "a much longer text than before, in the right panel"));
  ASSERT_FALSE(d.full);
  ASSERT_FALSE(d.rects.empty());
  for (const PixelRect& r : d.rects) EXPECT_TRUE(inside(r, 384, 0, kW, kH)) << r.x0 << "," << r.y0;
}

TEST_F(Frames, AWindowThatAppearsAndGoesDamagesItsArea) {
  settle(panels(1));
  auto withPopup = [&] {
    panels(1)();
    window("Popup", ImVec2(100, 300), ImVec2(200, 100), [] { ImGui::TextUnformatted("over the left panel"); });
  };
  const Damage shown = frame(withPopup);
  ASSERT_FALSE(shown.full);
  EXPECT_TRUE(covers(shown, 150, 350));
  for (const PixelRect& r : shown.rects) EXPECT_TRUE(inside(r, 64, 256, 320, 416)) << r.x0 << "," << r.y0;
  const Damage gone = frame(panels(1));
  ASSERT_FALSE(gone.full);
  EXPECT_TRUE(covers(gone, 150, 350));
  EXPECT_TRUE(covers(gone, 295, 395));
}

TEST_F(Frames, AnUploadedTextureDamagesTheImagesDrawnWithIt) {
  const ImTextureID texture = reinterpret_cast<ImTextureID>(uintptr_t(7));
  auto ui = [&] {
    window("Images", ImVec2(0, 0), ImVec2(kW, kH), [&] {
      ImGui::SetCursorPos(ImVec2(500, 400));
      ImGui::Image(texture, ImVec2(100, 100));
    });
  };
  settle(ui);
  EXPECT_FALSE(frame(ui).any());
  noteTextureUpload(99);  // another texture: not drawn in this frame
  EXPECT_FALSE(frame(ui).any());
  noteTextureUpload(7);
  const Damage d = frame(ui);
  ASSERT_FALSE(d.full);
  ASSERT_FALSE(d.rects.empty());
  EXPECT_TRUE(covers(d, 550, 450));
  for (const PixelRect& r : d.rects) EXPECT_TRUE(inside(r, 480, 384, 640, 512)) << r.x0 << "," << r.y0;
}

TEST_F(Frames, ResizeAndRestackingDrawEverything) {
  settle(panels(1));
  EXPECT_TRUE(frame(panels(1), kW + 10, kH).full);
  // Two overlapping windows: focusing the one behind brings it to the front, which changes what is on top.
  auto overlapping = [&] {
    window("A", ImVec2(0, 0), ImVec2(300, 300), [] { ImGui::TextUnformatted("A"); });
    window("B", ImVec2(200, 200), ImVec2(300, 300), [] { ImGui::TextUnformatted("B"); });
  };
  settle(overlapping);
  ImGui::SetWindowFocus("A");
  EXPECT_TRUE(frame(overlapping).full);
}

TEST_F(Frames, ScatteredChangesBecomeAFewRectanglesThatCoverThemAll) {
  auto grid = [&](int changed) {
    return [=] {
      window("Grid", ImVec2(0, 0), ImVec2(kW, kH), [&] {
        for (int row = 0; row < 8; ++row)
          for (int col = 0; col < 6; ++col) {
            ImGui::SetCursorPos(ImVec2(20.0f + col * 130, 40.0f + row * 70));
            const int cell = row * 6 + col;
            ImGui::Text("%d", cell % 5 == 0 ? cell + changed : cell);
          }
      });
    };
  };
  settle(grid(0));
  const Damage d = frame(grid(1000));
  ASSERT_FALSE(d.full);
  EXPECT_LE(d.rects.size(), size_t(FrameDamage::kMaxRects));
  for (int cell = 0; cell < 48; cell += 5)
    EXPECT_TRUE(covers(d, 24 + (cell % 6) * 130, 46 + (cell / 6) * 70)) << "cell " << cell;
}

TEST_F(Frames, RenderClippedToDrawsOnlyTheListsInsideCutToTheRectangle) {
  settle(panels(1));
  ImDrawData& data = *ImGui::GetDrawData();
  ASSERT_EQ(data.CmdListsCount, 2);  // Left and Right
  std::vector<ImVec4> before;
  for (int n = 0; n < data.CmdListsCount; ++n)
    for (const ImDrawCmd& cmd : data.CmdLists[n]->CmdBuffer) before.push_back(cmd.ClipRect);
  const int leftIndices = data.CmdLists[0]->IdxBuffer.Size;
  static std::vector<std::string> owners;
  static std::vector<ImVec4> seen;
  static unsigned elements;
  owners.clear(), seen.clear(), elements = 0;
  damage_.renderClippedTo(data, PixelRect{64, 32, 128, 96}, [](ImDrawData* d) {
    for (int n = 0; n < d->CmdListsCount; ++n) {
      owners.emplace_back(d->CmdLists[n]->_OwnerName);
      for (const ImDrawCmd& cmd : d->CmdLists[n]->CmdBuffer) {
        seen.push_back(cmd.ClipRect);
        elements += cmd.ElemCount;
        EXPECT_LE(cmd.IdxOffset + cmd.ElemCount, unsigned(d->CmdLists[n]->IdxBuffer.Size));
      }
    }
  });
  EXPECT_EQ(owners, std::vector<std::string>{"Left"});  // Right draws nothing there: not even uploaded
  // Only the triangles that reach into the rectangle: the window's background and a few glyphs, not its text.
  EXPECT_GT(elements, 0u);
  EXPECT_LT(int(elements), leftIndices / 2);
  EXPECT_EQ(data.CmdLists[0]->IdxBuffer.Size, leftIndices);  // put back
  ASSERT_FALSE(seen.empty());
  for (const ImVec4& c : seen) {
    if (c.z > c.x && c.w > c.y) {
      EXPECT_TRUE(c.x >= 64 && c.y >= 32 && c.z <= 128 && c.w <= 96);
    }
  }
  size_t k = 0;
  for (int n = 0; n < data.CmdListsCount; ++n)
    for (const ImDrawCmd& cmd : data.CmdLists[n]->CmdBuffer) {
      EXPECT_EQ(cmd.ClipRect.x, before[k].x);
      EXPECT_EQ(cmd.ClipRect.w, before[k].w);
      ++k;
      EXPECT_LE(cmd.IdxOffset + cmd.ElemCount, unsigned(data.CmdLists[n]->IdxBuffer.Size));
    }
}

}  // namespace
}  // namespace latentlab
