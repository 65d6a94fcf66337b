#include "train/gan_runner.h"

#include "models/gan.h"

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

  StepResult step(const torch::Tensor& batch, at::Generator& gen, double, bool checkFinite,
                  bool injectNan) override {
    const auto real = batch * 2 - 1;
    const auto z = torch::randn({batch.size(0), config_.latent}, gen, torch::kFloat32).to(batch.device());
    const auto fake = model_->generator->forward(z);

    // Discriminator: real -> 1, fake -> 0.
    const auto dReal = model_->discriminator->forward(real);
    const auto dFake = model_->discriminator->forward(fake.detach());
    auto lossD = bceWithLogits(dReal, 1.0f) + bceWithLogits(dFake, 0.0f);
    if (injectNan) lossD = lossD * std::numeric_limits<float>::quiet_NaN();
    if (checkFinite && !std::isfinite(lossD.item<float>())) return skippedResult(lossD, dReal, dFake);
    optD_.zero_grad();
    lossD.backward();
    optD_.step();

    // Generator, non-saturating: maximise log D(G(z)).
    const auto lossG = bceWithLogits(model_->discriminator->forward(fake), 1.0f);
    if (checkFinite && !std::isfinite(lossG.item<float>())) return skippedResult(lossD, dReal, dFake);
    optG_.zero_grad();
    lossG.backward();
    optG_.step();
    return {torch::stack({lossD, lossG, torch::sigmoid(dReal).mean(), torch::sigmoid(dFake).mean()}).detach(),
            false};
  }

  void setLearningRate(double lr) override {
    for (auto* optimizer : {&optD_, &optG_})
      for (auto& group : optimizer->param_groups())
        static_cast<torch::optim::AdamOptions&>(group.options()).lr(lr);
  }

  double evaluate(const torch::Tensor& batch, at::Generator& gen) override {
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

  void saveWeights(torch::serialize::OutputArchive& archive) override {
    torch::serialize::OutputArchive model;
    model_->save(model);
    archive.write("model", model);
  }

  void loadWeights(torch::serialize::InputArchive& archive) override {
    torch::serialize::InputArchive model;
    archive.read("model", model);
    loadModuleChecked(*model_, model);
  }

  void save(torch::serialize::OutputArchive& archive) override {
    torch::serialize::OutputArchive model, optD, optG;
    model_->save(model);
    optD_.save(optD);
    optG_.save(optG);
    archive.write("model", model);
    archive.write("optimizer_d", optD);
    archive.write("optimizer_g", optG);
  }

  void load(torch::serialize::InputArchive& archive) override {
    torch::serialize::InputArchive model, optD, optG;
    archive.read("model", model);
    archive.read("optimizer_d", optD);
    archive.read("optimizer_g", optG);
    loadModuleChecked(*model_, model);
    optD_.load(optD);
    optG_.load(optG);
  }

  bool parametersFinite() override { return allFinite(*model_); }
  std::vector<torch::Tensor> stateTensors() override { return parametersAndBuffers(*model_); }

 private:
  static StepResult skippedResult(const torch::Tensor& lossD, const torch::Tensor& dReal, const torch::Tensor& dFake) {
    const auto nan = torch::full_like(lossD, std::numeric_limits<float>::quiet_NaN());
    return {torch::stack({lossD, nan, torch::sigmoid(dReal).mean(), torch::sigmoid(dFake).mean()}).detach(), true};
  }

  ModelConfig config_;
  Gan model_;
  torch::optim::Adam optD_;
  torch::optim::Adam optG_;
};

std::unique_ptr<ModelRunner> makeGanRunner(const TrainConfig& config, torch::Device device) {
  return std::make_unique<GanRunner>(config, device);
}

}  // namespace latentlab
