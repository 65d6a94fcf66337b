#pragma once
// The GAN family behind the ModelRunner interface.
#include "runner/model_runner.h"

namespace latentlab {

std::unique_ptr<ModelRunner> makeGanRunner(const TrainConfig& config, torch::Device device);

}  // namespace latentlab
