#pragma once
// Data parallelism inside one process, for CPU training (docs/architecture.md, "Training speed"). A batch of 128
// is too small for LibTorch to spread each matmul over the cores: every operation forks and joins the OpenMP team
// and OpenBLAS splits a 128x784 product into slivers, so two threads trained vae-mlp slower than one. Instead the
// batch is cut into one shard per intra-op thread; each thread runs forward and backward of its shard alone (inside
// the parallel region LibTorch and OpenBLAS run single-threaded), and the shards' gradients are summed in a fixed
// order, so a run is deterministic for a given thread count.
#include <torch/torch.h>

#include <functional>
#include <vector>

namespace latentlab {

// How many threads parallelTasks uses: the intra-op thread count; 1 inside a parallel region, where this file was
// built without OpenMP, where LibTorch brings its own OpenMP runtime, or when LATENTLAB_CPU_SHARDS=0.
int cpuThreadsForTasks();
// Runs task(0) .. task(count - 1) on those threads (in one OpenMP region, so LibTorch and OpenBLAS calls inside a
// task stay on its thread); the first exception a task throws is rethrown here.
void parallelTasks(int64_t count, const std::function<void(int64_t)>& task);

// How many shards a CPU step of `rows` images uses: the intra-op thread count, at most one shard per
// `minRowsPerShard` images; 1 on a GPU or where cpuThreadsForTasks() is 1.
int cpuShardCount(const torch::Tensor& batch, int64_t minRowsPerShard = 16);

// What one shard gives back: `objective`, the loss to differentiate, and `values`, detached numbers to report;
// both already weighted by the shard's share of the batch (its rows / all rows), so the shards' sums are the
// batch's means.
struct ShardLoss {
  torch::Tensor objective;
  torch::Tensor values;
};

// Runs lossOf(begin, end) for each of `shards` contiguous row ranges of a batch of `rows`, each on its own thread,
// and adds the sum of the shards' gradients with respect to `params` to their .grad (in place where a gradient
// exists: a job's gradients are views of its allreduce buffers). Returns the sum of the shards' values.
torch::Tensor shardedBackward(int64_t rows, int shards, const std::vector<torch::Tensor>& params,
                              const std::function<ShardLoss(int64_t begin, int64_t end)>& lossOf);

}  // namespace latentlab
