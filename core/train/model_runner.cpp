#include "train/model_runner.h"

#include "train/gan_runner.h"
#include "train/vae_runner.h"
#include "util/error.h"

namespace latentlab {

std::unique_ptr<ModelRunner> ModelRunner::create(const TrainConfig& config, torch::Device device) {
  if (isGan(config.model.kind)) return makeGanRunner(config, device);
  return makeVaeRunner(config, device);
}

bool usesBatchNorm(ModelKind kind) { return kind == ModelKind::Dcgan; }

namespace {

std::string shapeText(const torch::Tensor& t) {
  std::string text;
  for (int64_t d : t.sizes()) text += (text.empty() ? "" : "x") + std::to_string(d);
  return text.empty() ? "a scalar" : text;
}

}  // namespace

// LibTorch's Module::load replaces each tensor by the stored one, whatever its shape: weights of a latent-8 model
// load silently into a latent-4 model and fail only when something decodes. Every tensor must keep its shape.
void loadModuleChecked(torch::nn::Module& module, torch::serialize::InputArchive& archive) {
  std::vector<std::pair<std::string, std::vector<int64_t>>> wanted;
  for (const auto& p : module.named_parameters()) wanted.emplace_back(p.key(), p.value().sizes().vec());
  for (const auto& b : module.named_buffers()) wanted.emplace_back(b.key(), b.value().sizes().vec());
  module.load(archive);
  auto params = module.named_parameters();
  auto buffers = module.named_buffers();
  for (const auto& [name, sizes] : wanted) {
    const torch::Tensor* now = params.find(name);
    if (!now) now = buffers.find(name);
    if (now && now->sizes().vec() != sizes)
      throw Error("its tensor '" + name + "' is " + shapeText(*now) + ", but the model recorded with it needs " +
                  shapeText(torch::empty(sizes)) + " (the weights belong to another model)");
  }
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
