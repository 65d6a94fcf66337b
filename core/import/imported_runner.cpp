#include "import/imported_runner.h"

#include "import/imported_model_impl.h"
#include "models/vae.h"

namespace latentlab {

namespace {

class ImportedRunner : public ModelRunner {
 public:
  explicit ImportedRunner(std::shared_ptr<const ImportedModel> model)
      : model_(std::move(model)), m_(model_->impl()), decoder_(model_->decoder()) {}

  std::vector<std::string> seriesNames() const override { return {}; }
  StepResult step(const torch::Tensor&, at::Generator&, double, bool, bool, double) override { refuse(); }
  void setLearningRate(double) override {}
  double evaluate(const torch::Tensor&, at::Generator&, torch::Tensor*) override { refuse(); }

  std::vector<float> klPerDimension(const torch::Tensor& batch) override {
    if (!m_.info.encoderGivesLogvar) return {};
    const auto [mu, logvar] = m_.encode(batch);
    const auto kl = (latentlab::klPerDimension(mu, logvar) / double(batch.size(0))).contiguous();
    return {kl.data_ptr<float>(), kl.data_ptr<float>() + kl.numel()};
  }

  // With an encoder: reconstructions of `batch`; without one: the images of `fixedNoise`, as for a GAN.
  torch::Tensor reconstruct(const torch::Tensor& batch, const torch::Tensor& fixedNoise) override {
    if (m_.info.hasEncoder) return m_.decodePixels(m_.encode(batch).first);
    return m_.decodePixels(fixedNoise);
  }
  torch::Tensor encodeMeans(const torch::Tensor& batch) override { return m_.encode(batch).first; }
  torch::Tensor scoreCodes(const torch::Tensor&) override { return {}; }
  std::shared_ptr<const DecoderWeights> decoderCopy() const override { return decoder_; }
  Networks networks() const override { return {}; }

  void saveWeights(torch::serialize::OutputArchive&) override { refuse(); }
  void loadWeights(torch::serialize::InputArchive&) override { refuse(); }
  void save(torch::serialize::OutputArchive&) override { refuse(); }
  void load(torch::serialize::InputArchive&) override { refuse(); }
  bool parametersFinite() override { return true; }
  std::vector<torch::Tensor> stateTensors() override { return {}; }

 private:
  [[noreturn]] static void refuse() { throw Error("an imported model is explored here, not trained"); }

  std::shared_ptr<const ImportedModel> model_;
  const ImportedModel::Impl& m_;
  std::shared_ptr<const DecoderWeights> decoder_;
};

}  // namespace

std::unique_ptr<ModelRunner> makeImportedRunner(std::shared_ptr<const ImportedModel> model) {
  return std::make_unique<ImportedRunner>(std::move(model));
}

}  // namespace latentlab
