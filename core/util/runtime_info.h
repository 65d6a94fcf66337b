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

// Who else needs the cores when no thread count is asked for: the window keeps one for its GUI thread; a headless
// process trains on all (a CPU step is sharded over the threads, train/cpu_shards.h, so more threads are faster).
enum class SpareCore { ForTheWindow, None };

// Sets LibTorch's intra-op thread count once for the process. With `requested` <= 0 it picks the machine's cores,
// less one (at least one) when a window shares them. Never more threads than the machine has cores. Returns the
// count set.
int configureTorchThreads(int requested = 0, SpareCore spare = SpareCore::ForTheWindow);

}  // namespace latentlab
