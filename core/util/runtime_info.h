#pragma once
// Facts about the LibTorch in use, without including torch headers in the caller.
#include <string>

namespace latentlab {

struct RuntimeInfo {
  std::string torchVersion;
  int intraOpThreads = 1;
  bool cudaAvailable = false;
};

RuntimeInfo runtimeInfo();

// Sets LibTorch's intra-op thread count once for the process. With `requested` <= 0 it picks one thread fewer
// than the machine has cores (at least one), so the GUI thread keeps a core of its own. Never more threads than
// the machine has cores. Returns the count set.
int configureTorchThreads(int requested = 0);

}  // namespace latentlab
