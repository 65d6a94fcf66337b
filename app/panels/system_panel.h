#pragma once
// "System" panel: what this process runs on (LibTorch, BLAS, threads, OpenGL), so a slow setup is visible.
#include <string>

namespace latentlab {

class SystemPanel {
 public:
  explicit SystemPanel(std::string glVersion);
  void draw();
  void frameRendered() { ++rendered_; }  // the frame loop drew and swapped a frame

 private:
  std::string glVersion_;
  std::string torchVersion_;
  std::string blas_;
  bool blasFast_ = false;
  int threads_ = 0;
  bool cuda_ = false;
  long long rendered_ = 0, renderedSince_ = 0;
  double rateSince_ = 0, shownRate_ = 0;
};

}  // namespace latentlab
