#include "util/runtime_info.h"

#include <torch/torch.h>

#include <algorithm>
#include <thread>

namespace latentlab {

RuntimeInfo runtimeInfo() {
  RuntimeInfo info;
#ifdef TORCH_VERSION
  info.torchVersion = TORCH_VERSION;
#else
  info.torchVersion = std::to_string(TORCH_VERSION_MAJOR) + "." + std::to_string(TORCH_VERSION_MINOR) + "." +
                      std::to_string(TORCH_VERSION_PATCH);
#endif
  info.intraOpThreads = at::get_num_threads();
  info.cudaAvailable = torch::cuda::is_available();
  return info;
}

int configureTorchThreads(int requested) {
  // More threads than cores only adds switching: 100000 requested threads once hung the process for minutes.
  const int cores = std::max(1, int(std::thread::hardware_concurrency()));
  int threads = std::min(requested, cores);
  if (threads <= 0) threads = cores;
  at::set_num_threads(threads);
  return threads;
}

}  // namespace latentlab
