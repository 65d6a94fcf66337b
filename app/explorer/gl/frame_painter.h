#pragma once
// Draws ImGui's frame into the window's back buffer and shows it: nothing when it repeats the frame on screen,
// only the changed tiles where the window can show them alone (gl/frame_damage.h, gl/region_present.h), else
// the whole frame, swapped as usual.
#include <string>

#include "gl/frame_damage.h"
#include "gl/region_present.h"

struct GLFWwindow;
struct ImDrawData;

namespace latentlab {

// GUI tests (--test-check-redraw): each frame drawn in part is drawn again whole and the two compared, pixel by
// pixel; a partial redraw that missed a change shows as pixels that differ.
struct RedrawCheck {
  long partialFrames = 0;  // frames drawn in part (checked or not)
  long checkedFrames = 0;
  long mismatchedFrames = 0;
  long mismatchedPixels = 0;  // over all checked frames
};

class FramePainter {
 public:
  // `checkPrefix`: non-empty turns the check on; the first mismatch is written to PREFIX-partial.png and
  // PREFIX-whole.png.
  FramePainter(GLFWwindow* window, const std::string& renderer, std::string checkPrefix = "");
  void forceNext() { damage_.forceNext(); }  // an expose, the screenshot's frame
  // Draws what changed; false when nothing did (the frame is then neither drawn nor shown).
  bool draw(ImDrawData& data, int width, int height);
  void present();                              // shows what draw() drew
  double lastShare() const { return share_; }  // of the window's pixels drawn by the last draw()
  const std::string& description() const { return presenter_.description(); }
  const RedrawCheck& check() const { return check_; }

 private:
  void drawWhole(ImDrawData& data);
  void checkPartial(ImDrawData& data);

  GLFWwindow* window_;
  FrameDamage damage_;
  RegionPresenter presenter_;
  std::string checkPrefix_;
  RedrawCheck check_;
  Damage last_;
  int width_ = 0, height_ = 0;
  double share_ = 0;
};

}  // namespace latentlab
