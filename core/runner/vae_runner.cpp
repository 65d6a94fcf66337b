#include "runner/vae_runner.h"

#include "models/vae.h"
#include "runner/cpu_shards.h"
#include "runner/fused_adam.h"

namespace latentlab {

namespace {

torch::Tensor noiseLike(const torch::Tensor& mu, at::Generator& gen) {
  return torch::randn({mu.size(0), mu.size(1)}, gen, torch::kFloat32).to(mu.device());
}

}  // namespace

class VaeRunner : public ModelRunner {
 public:
  VaeRunner(const TrainConfig& config, torch::Device device)
      : config_(config.model),
        model_(config.model),
        optimizer_(model_->parameters(), torch::optim::AdamOptions(config.lr)) {
    model_->to(device);
  }

  std::vector<std::string> seriesNames() const override { return {"loss", "recon", "kl"}; }

  StepResult step(const torch::Tensor& batch, at::Generator& gen, double beta, bool checkFinite, bool injectNan,
                  double share) override {
    zeroGradients(optimizer_);
    torch::Tensor values = torch::zeros({3}, batch.options());
    const int64_t rows = batch.size(0);
    // The posterior means come for free with the step: the scatter follows training with them (seen_codes.h).
    torch::Tensor means = torch::empty({rows, int64_t(config_.latent)}, batch.options());
    if (rows > 0) {
      // The whole batch's noise is drawn first, so a sharded step consumes the generator as an unsharded one does.
      const auto noise = torch::randn({rows, int64_t(config_.latent)}, gen, torch::kFloat32).to(batch.device());
      auto lossOf = [&](int64_t begin, int64_t end) {
        const auto x = batch.slice(0, begin, end);
        auto [mu, logvar] = model_->encode(x);
        means.slice(0, begin, end).copy_(mu.detach());  // shards write rows of their own
        const auto z = mu + noise.slice(0, begin, end) * torch::exp(0.5 * logvar);
        VaeLoss loss = vaeLoss({model_->decode(z), mu, logvar}, x, config_.likelihood, beta);
        if (injectNan) loss.total = loss.total * std::numeric_limits<float>::quiet_NaN();
        const double weight = double(end - begin) / double(rows);
        return ShardLoss{loss.total * weight, torch::stack({loss.total, loss.recon, loss.kl}).detach() * weight};
      };
      // Convolutions are not sharded: LibTorch sends them to NNPACK's one thread pool, and two shards calling it at
      // once made vae-conv over 5 times slower (bench/run timed it out).
      const int shards = config_.kind == ModelKind::VaeMlp ? cpuShardCount(batch) : 1;
      if (shards > 1) {
        values = shardedBackward(rows, shards, model_->parameters(), lossOf);
      } else {
        ShardLoss loss = lossOf(0, rows);
        values = loss.values;
        loss.objective.backward();
      }
    }
    // Alone this is the identity; in a job it averages gradients and losses over the ranks, so every rank sees the
    // same losses and takes (or skips, on a NaN anywhere) the same step.
    StepResult result{gradientSync().reduceStep(model_->parameters(), share, values), false, means};
    if (checkFinite && !std::isfinite(result.losses[0].item<float>())) {
      result.skipped = true;
      return result;
    }
    adamStep(optimizer_);
    return result;
  }

  void setLearningRate(double lr) override {
    for (auto& group : optimizer_.param_groups()) static_cast<torch::optim::AdamOptions&>(group.options()).lr(lr);
  }

  double evaluate(const torch::Tensor& batch, at::Generator& gen, torch::Tensor* means) override {
    torch::NoGradGuard noGrad;
    auto [mu, logvar] = model_->encode(batch);
    if (means) *means = mu;
    const auto z = mu + noiseLike(mu, gen) * torch::exp(0.5 * logvar);
    const VaeLoss loss = vaeLoss({model_->decode(z), mu, logvar}, batch, config_.likelihood, 1.0);
    return loss.total.item<double>();
  }

  std::vector<float> klPerDimension(const torch::Tensor& batch) override {
    torch::NoGradGuard noGrad;
    auto [mu, logvar] = model_->encode(batch);
    const auto kl = (latentlab::klPerDimension(mu, logvar) / double(batch.size(0))).to(torch::kCPU).contiguous();
    return {kl.data_ptr<float>(), kl.data_ptr<float>() + kl.numel()};
  }

  torch::Tensor reconstruct(const torch::Tensor& batch, const torch::Tensor&) override {
    torch::NoGradGuard noGrad;
    return torch::sigmoid(model_->decode(model_->encode(batch).first));
  }

  torch::Tensor encodeMeans(const torch::Tensor& batch) override {
    torch::NoGradGuard noGrad;
    return model_->encode(batch).first;
  }

  torch::Tensor scoreCodes(const torch::Tensor&) override { return {}; }

  Networks networks() const override { return {model_->decoder, model_->encoder, PixelTransform::Sigmoid}; }

  std::shared_ptr<const DecoderWeights> decoderCopy() const override {
    return DecoderWeights::copyOf(model_->decoder, PixelTransform::Sigmoid, config_.latent, config_.channels,
                                  config_.height, config_.width);
  }

  void saveWeights(torch::serialize::OutputArchive& archive) override { saveModelAndOptimizers(archive, *model_); }
  void loadWeights(torch::serialize::InputArchive& archive) override { loadModelAndOptimizers(archive, *model_); }
  void save(torch::serialize::OutputArchive& archive) override {
    saveModelAndOptimizers(archive, *model_, {{"optimizer", &optimizer_}});
  }
  void load(torch::serialize::InputArchive& archive) override {
    loadModelAndOptimizers(archive, *model_, {{"optimizer", &optimizer_}});
  }

  bool parametersFinite() override { return allFinite(*model_); }
  std::vector<torch::Tensor> stateTensors() override { return parametersAndBuffers(*model_); }

 private:
  ModelConfig config_;
  Vae model_;
  torch::optim::Adam optimizer_;
};

std::unique_ptr<ModelRunner> makeVaeRunner(const TrainConfig& config, torch::Device device) {
  return std::make_unique<VaeRunner>(config, device);
}

}  // namespace latentlab
