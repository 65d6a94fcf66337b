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

// Sets LibTorch's intra-op thread count once for the process. With `requested` <= 0 it picks the machine's cores:
// a CPU step is sharded over the threads (runner/cpu_shards.h), so each one adds speed; the window keeps its frames
// smooth by asking for one thread fewer and running the trainer niced (TrainerOptions::niceness). Never more than
// the machine has cores. Returns the count set.
int configureTorchThreads(int requested = 0);

}  // namespace latentlab
