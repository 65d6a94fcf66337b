#pragma once
// The scatter's codes while a VAE trains on the CPU, at no cost: each image's posterior mean as the encoder gave it
// the last time training saw it (its training step, or the test loss at an epoch's end). Encoding the whole data set
// again every few seconds cost a tenth of training's compute and, preempting one of the trainer's threads, more
// than that (docs/architecture.md, "Training speed"). An epoch refreshes every training image, so while training
// runs each code is at most about an epoch old; the codes say which steps they span (LatentCodes::oldestStep).
// Paused or finished, the trainer encodes the data set at the last step as before (latents_worker.h).
#include <torch/torch.h>

#include <cstdint>
#include <memory>
#include <vector>

#include "snapshot/snapshot.h"

namespace latentlab {

class SeenCodes {
 public:
  // Starts from codes of the whole data set (computed at `codes.step`): the slots training has not seen yet.
  void seed(const LatentCodes& codes);
  // Forgets everything: the weights went back (a NaN's rollback), so the codes seen since show weights gone.
  void reset();
  bool seeded() const { return base_ != nullptr; }

  // The posterior means `means` (rows x dims, CPU) of the training images `indices` at `step`.
  void recordTraining(const torch::Tensor& indices, const torch::Tensor& means, int64_t step);
  // The posterior means of the test images [first, first + rows) at `step`.
  void recordTest(int64_t first, const torch::Tensor& means, int64_t step);

  // The codes as seen now, for a snapshot at `step` (null when not seeded).
  std::shared_ptr<LatentCodes> codesAt(int64_t step) const;

 private:
  void record(int64_t slot, const float* mean, int64_t step);

  std::shared_ptr<const LatentCodes> base_;  // labels, names and the layout of the slots
  std::vector<float> codes_;                 // count x dims, as LatentCodes::codes
  std::vector<int64_t> stepOf_;              // the step each slot's code comes from
};

}  // namespace latentlab
