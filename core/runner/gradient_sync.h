#pragma once
// How the ranks of a data-parallel job keep one model (docs/architecture.md, "Distributed training"): the
// trainer and the model runners call this interface at the few points where ranks must exchange numbers, and
// never ask whether they are distributed. One process uses LocalSync (every call is the identity); a job uses the
// c10d implementation (core/dist/process_group_sync.h).
#include <torch/torch.h>

#include <memory>
#include <string>
#include <vector>

namespace latentlab {

class GradientSync {
 public:
  virtual ~GradientSync() = default;
  virtual int rank() const = 0;
  virtual int worldSize() const = 0;
  bool distributed() const { return worldSize() > 1; }

  // The step's exchange, between backward and the optimizer step: every gradient of `params` times `share` (this
  // rank's images / the global batch's images) summed over the ranks in buckets, so each rank ends with the global
  // batch's mean gradient; `values` (this rank's losses times `share`) travel in the last bucket and come back
  // summed: the global batch's mean losses. A NaN on any rank makes every rank's sum NaN, so all skip the step.
  virtual torch::Tensor reduceStep(const std::vector<torch::Tensor>& params, double share,
                                   const torch::Tensor& values) = 0;
  // Element-wise sum or maximum over the ranks of a small CPU tensor (test loss, the ranks' decisions).
  virtual torch::Tensor sum(const torch::Tensor& values) = 0;
  virtual torch::Tensor max(const torch::Tensor& values) = 0;
  // Rank 0's tensors, in place, on every rank (initial weights, batch-norm statistics).
  virtual void broadcast(std::vector<torch::Tensor>& tensors) = 0;
  // Rank 0's bytes on every rank (the run's config and training state when a job starts or resumes).
  virtual std::string broadcastBytes(const std::string& bytes) = 0;
  // "rank R of N": how messages name this process.
  std::string name() const;
};

// One process: nothing to exchange.
std::shared_ptr<GradientSync> localGradientSync();

}  // namespace latentlab
