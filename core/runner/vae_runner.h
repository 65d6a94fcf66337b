#pragma once
// The VAE family behind the ModelRunner interface.
#include "runner/model_runner.h"

namespace latentlab {

std::unique_ptr<ModelRunner> makeVaeRunner(const TrainConfig& config, torch::Device device);

}  // namespace latentlab
