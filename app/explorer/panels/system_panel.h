#pragma once
// "System" panel: what this process runs on (LibTorch, BLAS, threads, OpenGL), so a slow setup is visible.
#include <string>

namespace latentlab {

class SystemPanel {
 public:
  // drawing: how frames reach the screen (gl/region_present.h), e.g. "changed tiles only".
  // watchedThreads, workedThreads: training's threads while the user watches and while they work the window
  // (training_threads.h).
  SystemPanel(std::string glVersion, std::string drawing, int watchedThreads, int workedThreads);
  void draw();
  // The frame loop drew a frame: `share` of the window's pixels (1 for a whole frame).
  void frameRendered(double share) {
    ++rendered_;
    shareSum_ += share;
  }

 private:
  std::string glVersion_;
  std::string drawing_;
  std::string torchVersion_;
  std::string blas_;
  bool blasFast_ = false;
  int watchedThreads_ = 0, workedThreads_ = 0;
  bool cuda_ = false;
  long long rendered_ = 0, renderedSince_ = 0;
  double rateSince_ = 0, shownRate_ = 0;
  double shareSum_ = 0, shareSince_ = 0, shownShare_ = 0;
};

}  // namespace latentlab
