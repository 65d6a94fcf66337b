#include "train/model_runner.h"

#include "train/gan_runner.h"
#include "train/vae_runner.h"

namespace latentlab {

std::unique_ptr<ModelRunner> ModelRunner::create(const TrainConfig& config, torch::Device device) {
  if (isGan(config.model.kind)) return makeGanRunner(config, device);
  return makeVaeRunner(config, device);
}

bool allFinite(torch::nn::Module& module) {
  for (const auto& p : module.parameters())
    if (!torch::isfinite(p).all().item<bool>()) return false;
  return true;
}

std::vector<torch::Tensor> parametersAndBuffers(torch::nn::Module& module) {
  auto tensors = module.parameters();
  for (const auto& b : module.buffers()) tensors.push_back(b);
  return tensors;
}

}  // namespace latentlab
