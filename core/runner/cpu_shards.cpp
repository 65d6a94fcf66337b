#include "runner/cpu_shards.h"

#include <ATen/Parallel.h>

#include <exception>

#include <algorithm>
#include <cstdlib>
#include <string>

#ifdef _OPENMP
#include <omp.h>
#endif

namespace latentlab {

namespace {

bool shardsDisabled() {
  static const bool disabled = [] {
    const char* value = std::getenv("LATENTLAB_CPU_SHARDS");
    return value && std::string(value) == "0";
  }();
  return disabled;
}

// Whether a parallel region of ours is one LibTorch sees as parallel (so its operations and OpenBLAS stay on their
// thread): false where this file was built without OpenMP (sanitizer builds) or where LibTorch brings its own
// OpenMP runtime (pip's wheels bundle one); then a step runs unsharded.
bool regionsAreShared() {
  static const bool shared = [] {
    bool seen = false;
#ifdef _OPENMP
#pragma omp parallel num_threads(2)
    {
#pragma omp master
      seen = at::in_parallel_region() && omp_get_num_threads() == 2;
    }
#endif
    return seen;
  }();
  return shared;
}

}  // namespace

int cpuThreadsForTasks() {
  if (at::in_parallel_region() || shardsDisabled() || at::get_num_threads() < 2 || !regionsAreShared()) return 1;
  return at::get_num_threads();
}

void parallelTasks(int64_t count, const std::function<void(int64_t)>& task) {
  const int threads = int(std::min<int64_t>(cpuThreadsForTasks(), count));
  if (threads < 2) {
    for (int64_t i = 0; i < count; ++i) task(i);
    return;
  }
  std::exception_ptr failure;
#ifdef _OPENMP
#pragma omp parallel for num_threads(threads) schedule(dynamic, 1)
#endif
  for (int64_t i = 0; i < count; ++i) {
    try {
      task(i);
    } catch (...) {
#ifdef _OPENMP
#pragma omp critical(latentlab_task_failure)
#endif
      if (!failure) failure = std::current_exception();
    }
  }
  if (failure) std::rethrow_exception(failure);
}

int cpuShardCount(const torch::Tensor& batch, int64_t minRowsPerShard) {
  if (!batch.defined() || !batch.device().is_cpu()) return 1;
  const int64_t byRows = batch.size(0) / std::max<int64_t>(1, minRowsPerShard);
  return int(std::max<int64_t>(1, std::min<int64_t>(cpuThreadsForTasks(), byRows)));
}

torch::Tensor shardedBackward(int64_t rows, int shards, const std::vector<torch::Tensor>& params,
                              const std::function<ShardLoss(int64_t begin, int64_t end)>& lossOf) {
  shards = int(std::max<int64_t>(1, std::min<int64_t>(shards, rows)));
  std::vector<std::vector<torch::Tensor>> gradients(static_cast<size_t>(shards));
  std::vector<torch::Tensor> values(static_cast<size_t>(shards));
  auto runShard = [&](int64_t s) {
    const ShardLoss loss = lossOf(rows * s / shards, rows * (s + 1) / shards);
    gradients[size_t(s)] = torch::autograd::grad({loss.objective}, params, /*grad_outputs=*/{}, /*retain_graph=*/false,
                                                 /*create_graph=*/false, /*allow_unused=*/true);
    values[size_t(s)] = loss.values;
  };
  // One shard a thread. Inside the region every LibTorch operation and OpenBLAS call runs on its caller.
  parallelTasks(shards, runShard);
  parallelTasks(int64_t(params.size()), [&](int64_t index) {
    const size_t i = size_t(index);
    // A gradient autograd returns may share its memory with another's (an addition passes one tensor to both
    // inputs), so sums are written only into tensors made here.
    torch::Tensor sum;
    bool owned = false;
    for (int s = 0; s < shards; ++s) {
      const torch::Tensor& g = gradients[size_t(s)][i];
      if (!g.defined()) continue;
      if (!sum.defined()) {
        sum = g;
      } else if (!owned) {
        sum = sum + g;
        owned = true;
      } else {
        sum.add_(g);
      }
    }
    if (!sum.defined()) return;
    torch::Tensor& grad = const_cast<torch::Tensor&>(params[i]).mutable_grad();
    if (grad.defined()) grad.add_(sum);
    else grad = owned ? sum : sum.clone();
  });
  torch::Tensor total = values[0];
  for (int s = 1; s < shards; ++s) total = total + values[size_t(s)];
  return total;
}

}  // namespace latentlab
