#pragma once
// "System" panel: what this process runs on (LibTorch, BLAS, threads, OpenGL), so a slow setup is visible.
#include <string>

namespace latentlab {

class SystemPanel {
 public:
  explicit SystemPanel(std::string glVersion);
  void draw();

 private:
  std::string glVersion_;
  std::string torchVersion_;
  std::string blas_;
  bool blasFast_ = false;
  int threads_ = 0;
  bool cuda_ = false;
};

}  // namespace latentlab
