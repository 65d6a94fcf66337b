#include "runner/gan_runner.h"

#include "models/gan.h"
#include "runner/fused_adam.h"

namespace latentlab {

namespace {

torch::optim::Adam makeAdam(const std::vector<torch::Tensor>& params, double lr) {
  return torch::optim::Adam(params, torch::optim::AdamOptions(lr).betas({kGanAdamBeta1, 0.999}));
}

torch::Tensor bceWithLogits(const torch::Tensor& logits, float target) {
  return torch::binary_cross_entropy_with_logits(logits, torch::full_like(logits, target));
}

}  // namespace

class GanRunner : public ModelRunner {
 public:
  GanRunner(const TrainConfig& config, torch::Device device)
      : config_(config.model),
        model_(config.model),
        optD_(makeAdam(model_->discriminator->parameters(), config.lr)),
        optG_(makeAdam(model_->generator->parameters(), config.lr)) {
    model_->to(device);
  }

  std::vector<std::string> seriesNames() const override { return {"d_loss", "g_loss", "d_real", "d_fake"}; }

  // Each half (discriminator, generator) reduces its gradients and losses over the ranks before its optimizer
  // steps (the identity alone); batch-norm statistics then follow rank 0, as DistributedDataParallel's buffers do.
  StepResult step(const torch::Tensor& batch, at::Generator& gen, double, bool checkFinite, bool injectNan,
                  double share) override {
    auto& sync = gradientSync();
    const bool any = batch.size(0) > 0;
    torch::Tensor fake;
    // Discriminator: real -> 1, fake -> 0. Values: its loss, D(x), D(G(z)).
    zeroGradients(optD_);
    torch::Tensor dValues = torch::zeros({3}, batch.options());
    if (any) {
      const auto z = torch::randn({batch.size(0), config_.latent}, gen, torch::kFloat32).to(batch.device());
      fake = model_->generator->forward(z);
      const auto dReal = model_->discriminator->forward(batch * 2 - 1);
      const auto dFake = model_->discriminator->forward(fake.detach());
      auto lossD = bceWithLogits(dReal, 1.0f) + bceWithLogits(dFake, 0.0f);
      if (injectNan) lossD = lossD * std::numeric_limits<float>::quiet_NaN();
      dValues = torch::stack({lossD, torch::sigmoid(dReal).mean(), torch::sigmoid(dFake).mean()}).detach();
      lossD.backward();
    }
    dValues = sync.reduceStep(model_->discriminator->parameters(), share, dValues);
    const auto nan = torch::full({1}, std::numeric_limits<float>::quiet_NaN(), dValues.options());
    auto losses = [&](const torch::Tensor& g) { return torch::cat({dValues.slice(0, 0, 1), g, dValues.slice(0, 1)}); };
    if (checkFinite && !std::isfinite(dValues[0].item<float>())) return {losses(nan), true, {}};
    adamStep(optD_);

    // Generator, non-saturating: maximise log D(G(z)).
    zeroGradients(optG_);
    torch::Tensor gValue = torch::zeros({1}, batch.options());
    if (any) {
      const auto lossG = bceWithLogits(model_->discriminator->forward(fake), 1.0f);
      gValue = lossG.detach().reshape({1});
      lossG.backward();
    }
    gValue = sync.reduceStep(model_->generator->parameters(), share, gValue);
    if (checkFinite && !std::isfinite(gValue[0].item<float>())) return {losses(nan), true, {}};
    adamStep(optG_);
    auto buffers = model_->buffers();
    sync.broadcast(buffers);
    return {losses(gValue), false, {}};
  }

  void setLearningRate(double lr) override {
    for (auto* optimizer : {&optD_, &optG_})
      for (auto& group : optimizer->param_groups()) static_cast<torch::optim::AdamOptions&>(group.options()).lr(lr);
  }

  double evaluate(const torch::Tensor& batch, at::Generator& gen, torch::Tensor*) override {
    torch::NoGradGuard noGrad;
    EvalMode eval(*model_);
    const auto z = torch::randn({batch.size(0), config_.latent}, gen, torch::kFloat32).to(batch.device());
    const auto dReal = model_->discriminator->forward(batch * 2 - 1);
    const auto dFake = model_->discriminator->forward(model_->generator->forward(z));
    return (bceWithLogits(dReal, 1.0f) + bceWithLogits(dFake, 0.0f)).item<double>();
  }

  std::vector<float> klPerDimension(const torch::Tensor&) override { return {}; }

  torch::Tensor reconstruct(const torch::Tensor&, const torch::Tensor& fixedNoise) override {
    torch::NoGradGuard noGrad;
    EvalMode eval(*model_);
    return (model_->generator->forward(fixedNoise) + 1) * 0.5;
  }

  torch::Tensor encodeMeans(const torch::Tensor&) override { return {}; }

  torch::Tensor scoreCodes(const torch::Tensor& codes) override {
    torch::NoGradGuard noGrad;
    EvalMode eval(*model_);
    return torch::sigmoid(model_->discriminator->forward(model_->generator->forward(codes))).flatten();
  }

  Networks networks() const override { return {model_->generator, nullptr, PixelTransform::Tanh}; }

  std::shared_ptr<const DecoderWeights> decoderCopy() const override {
    return DecoderWeights::copyOf(model_->generator, PixelTransform::Tanh, config_.latent, config_.channels,
                                  config_.height, config_.width);
  }

  void saveWeights(torch::serialize::OutputArchive& archive) override { saveModelAndOptimizers(archive, *model_); }
  void loadWeights(torch::serialize::InputArchive& archive) override { loadModelAndOptimizers(archive, *model_); }
  void save(torch::serialize::OutputArchive& archive) override {
    saveModelAndOptimizers(archive, *model_, {{"optimizer_d", &optD_}, {"optimizer_g", &optG_}});
  }
  void load(torch::serialize::InputArchive& archive) override {
    loadModelAndOptimizers(archive, *model_, {{"optimizer_d", &optD_}, {"optimizer_g", &optG_}});
  }

  bool parametersFinite() override { return allFinite(*model_); }
  std::vector<torch::Tensor> stateTensors() override { return parametersAndBuffers(*model_); }

 private:
  ModelConfig config_;
  Gan model_;
  torch::optim::Adam optD_;
  torch::optim::Adam optG_;
};

std::unique_ptr<ModelRunner> makeGanRunner(const TrainConfig& config, torch::Device device) {
  return std::make_unique<GanRunner>(config, device);
}

}  // namespace latentlab
