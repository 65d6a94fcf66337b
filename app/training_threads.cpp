#include "training_threads.h"

#include <imgui.h>

#include <algorithm>

namespace latentlab {

TrainingThreads::TrainingThreads(int cores, int fixed)
    : watched_(fixed > 0 ? fixed : std::max(1, cores)),
      worked_(fixed > 0 ? fixed : std::max(1, cores - 1)),
      current_(worked_) {}

int TrainingThreads::update(bool userWorking, bool windowWorking, double now) {
  if (userWorking || windowWorking) lastWork_ = now;
  current_ = now - lastWork_ < kHoldSeconds ? worked_ : watched_;
  return current_;
}

bool userIsWorkingTheWindow(const ImGuiIO& io) {
  if (io.MouseWheel != 0 || io.MouseWheelH != 0 || !io.InputQueueCharacters.empty()) return true;
  for (bool down : io.MouseDown)
    if (down) return true;
  for (bool down : io.KeysDown)
    if (down) return true;
  return false;
}

}  // namespace latentlab
