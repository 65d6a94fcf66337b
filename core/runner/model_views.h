#pragma once
// What the views show of one model at one step, computed the same way by the trainer (for the model it trains)
// and by the workers that load a model from disk (a followed run, the timeline): reconstructions of fixed test
// images (or GAN samples of fixed codes), KL per dimension, the data set's latent codes, and a decoder copy.
#include <torch/torch.h>

#include <atomic>
#include <memory>
#include <vector>

#include "data/dataset.h"
#include "runner/model_runner.h"
#include "snapshot/snapshot.h"

namespace latentlab {

// The inputs every model of a run is shown with, chosen from the run's seed so that every process showing the
// run (trainer, follower, timeline) picks the same images and codes.
struct ViewInputs {
  torch::Tensor fixedImages;  // 16 test images shown with their reconstructions
  torch::Tensor fixedNoise;   // 16 codes for GAN samples
  torch::Tensor klImages;     // a fixed test batch for KL per dimension
  torch::Tensor ganCodes;     // GAN: the sampled codes shown in the scatter
  std::vector<Image> originals;
};

ViewInputs makeViewInputs(const TrainConfig& config, const Dataset& data, torch::Device device,
                          int64_t maxLatentPoints);

// Reconstructions, KL per dimension and a decoder copy of `model` (not the latent codes: they cost more).
ModelView computeModelView(ModelRunner& model, const ViewInputs& inputs, int64_t step);

// Latent codes of the data set (VAE: posterior means of the train split; GAN: the fixed codes with scores).
// Null when `cancel` turned true before the end (checked between chunks of images).
std::shared_ptr<LatentCodes> computeLatentCodes(ModelRunner& model, const ViewInputs& inputs, const Dataset& data,
                                                const TrainConfig& config, int64_t step, int64_t maxPoints,
                                                torch::Device device, const std::atomic<bool>* cancel = nullptr);

}  // namespace latentlab
