#include "runner/model_runner.h"

#include "runner/gan_runner.h"
#include "runner/vae_runner.h"
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
// load silently into a latent-4 model and fail only when something decodes. Every tensor must keep its shape; on a
// mismatch the module gets its own tensors back (a loader that keeps its model must not measure the next file
// against the wrong shapes).
void loadModuleChecked(torch::nn::Module& module, torch::serialize::InputArchive& archive) {
  std::vector<std::pair<torch::Tensor, torch::Tensor>> before;  // (tensor, a view of what it held before)
  std::vector<std::string> names;
  for (const auto& p : module.named_parameters()) {
    before.emplace_back(p.value(), p.value().detach());  // detach(): a new tensor on the old storage and shape
    names.push_back(p.key());
  }
  for (const auto& b : module.named_buffers()) {
    before.emplace_back(b.value(), b.value().detach());
    names.push_back(b.key());
  }
  module.load(archive);
  for (size_t i = 0; i < before.size(); ++i) {
    auto& [now, old] = before[i];
    // LibTorch gives a tensor saved on another device (a CPU run resumed on a GPU) the stored one's device.
    if (now.device() != old.device()) now.set_data(now.to(old.device()));
    if (now.sizes() == old.sizes()) continue;
    const std::string message = "its tensor '" + names[i] + "' is " + shapeText(now) +
                                ", but the model recorded with it needs " + shapeText(old) +
                                " (the weights belong to another model)";
    torch::NoGradGuard noGrad;
    for (auto& [tensor, original] : before) tensor.set_(original);
    throw ModelMismatch(message);
  }
}

void saveModelAndOptimizers(torch::serialize::OutputArchive& archive, torch::nn::Module& module,
                            const NamedOptimizers& optimizers) {
  torch::serialize::OutputArchive model;
  module.save(model);
  archive.write("model", model);
  for (const auto& [name, optimizer] : optimizers) {
    torch::serialize::OutputArchive state;
    optimizer->save(state);
    archive.write(name, state);
  }
}

void loadModelAndOptimizers(torch::serialize::InputArchive& archive, torch::nn::Module& module,
                            const NamedOptimizers& optimizers) {
  torch::serialize::InputArchive model;
  archive.read("model", model);
  std::vector<torch::serialize::InputArchive> states(optimizers.size());
  for (size_t i = 0; i < optimizers.size(); ++i) archive.read(optimizers[i].first, states[i]);
  loadModuleChecked(module, model);
  for (size_t i = 0; i < optimizers.size(); ++i) loadOptimizer(*optimizers[i].second, states[i]);
}

void loadOptimizer(torch::optim::Adam& optimizer, torch::serialize::InputArchive& archive) {
  optimizer.load(archive);
  const auto& groups = optimizer.param_groups();
  if (groups.empty() || groups[0].params().empty()) return;
  const auto device = groups[0].params()[0].device();
  for (auto& entry : optimizer.state()) {
    auto& state = static_cast<torch::optim::AdamParamState&>(*entry.second);
    state.exp_avg(state.exp_avg().to(device));
    state.exp_avg_sq(state.exp_avg_sq().to(device));
    if (state.max_exp_avg_sq().defined()) state.max_exp_avg_sq(state.max_exp_avg_sq().to(device));
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
