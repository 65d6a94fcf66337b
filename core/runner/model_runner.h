#pragma once
// What the trainer needs from a model family, so that one trainer serves VAEs and GANs: a training step,
// evaluation, the views the GUI shows, a decoder copy, and (de)serialisation of model and optimizer state.
// Only the trainer thread calls these (docs/architecture.md, "Threads").
#include <torch/torch.h>

#include <memory>
#include <string>
#include <vector>

#include "latent/decoder_weights.h"
#include "models/model_config.h"
#include "runner/gradient_sync.h"

namespace latentlab {

struct StepResult {
  torch::Tensor losses;  // detached, one value per series (seriesNames order), on the training device
  bool skipped = false;  // a loss was not finite, so the optimizer did not step (checked on CPU only)
  torch::Tensor means;   // VAE: the batch's posterior means (B x latent, detached, on the device); GAN: undefined
};

class ModelRunner {
 public:
  virtual ~ModelRunner() = default;
  static std::unique_ptr<ModelRunner> create(const TrainConfig& config, torch::Device device);

  virtual std::vector<std::string> seriesNames() const = 0;
  // One optimisation step. `batch`: B x C x H x W float in [0, 1] on the device (may be empty: a rank of a job
  // whose shard of this batch has no image). `noise`: a CPU generator. `share`: this rank's part of the global
  // batch (1 alone). The gradients go through gradientSync() between backward and the optimizer step.
  // With checkFinite, a non-finite loss is caught before any weight changes (costs a device sync).
  virtual StepResult step(const torch::Tensor& batch, at::Generator& noise, double beta, bool checkFinite,
                          bool injectNan, double share = 1.0) = 0;
  // The ranks of a data-parallel job exchange gradients through `sync` (default: alone, nothing exchanged).
  void setGradientSync(std::shared_ptr<GradientSync> sync) { sync_ = std::move(sync); }
  virtual void setLearningRate(double lr) = 0;

  // VAE: negative ELBO per image (beta = 1) on these images, and their posterior means into `means` when given;
  // GAN: discriminator loss on them (`means` stays as it is).
  virtual double evaluate(const torch::Tensor& batch, at::Generator& noise, torch::Tensor* means = nullptr) = 0;
  // VAE: KL per latent dimension (mean over the batch); GAN: empty.
  virtual std::vector<float> klPerDimension(const torch::Tensor& batch) = 0;
  // VAE: reconstructions of batch; GAN: samples from `fixedNoise` (B x latent). Pixels in [0, 1].
  virtual torch::Tensor reconstruct(const torch::Tensor& batch, const torch::Tensor& fixedNoise) = 0;
  // VAE: posterior means of batch (B x latent). GAN: returns empty (codes are sampled, not encoded).
  virtual torch::Tensor encodeMeans(const torch::Tensor& batch) = 0;
  // GAN: discriminator probability that G(z) is real, per code. VAE: empty.
  virtual torch::Tensor scoreCodes(const torch::Tensor& codes) = 0;

  virtual std::shared_ptr<const DecoderWeights> decoderCopy() const = 0;

  // The networks an export writes as TorchScript (import/script_export.h): the decoder or generator with how its
  // outputs become pixels, and a VAE's encoder (null for a GAN; both null for an imported model).
  struct Networks {
    torch::nn::Sequential decoder{nullptr}, encoder{nullptr};
    PixelTransform pixels = PixelTransform::Sigmoid;
  };
  virtual Networks networks() const = 0;

  // Weights only (the timeline; what exploring needs). load() of a full checkpoint reads the same "model" entry.
  virtual void saveWeights(torch::serialize::OutputArchive& archive) = 0;
  virtual void loadWeights(torch::serialize::InputArchive& archive) = 0;
  // Model and optimizer state (checkpoints).
  virtual void save(torch::serialize::OutputArchive& archive) = 0;
  virtual void load(torch::serialize::InputArchive& archive) = 0;
  virtual bool parametersFinite() = 0;
  // Every parameter and buffer, for bit-exact comparisons in tests.
  virtual std::vector<torch::Tensor> stateTensors() = 0;

 protected:
  GradientSync& gradientSync() { return *sync_; }

 private:
  std::shared_ptr<GradientSync> sync_ = localGradientSync();
};

// Models with batch normalisation (dcgan) need at least two images in every training batch.
bool usesBatchNorm(ModelKind kind);

// Helpers the runners share.
bool allFinite(torch::nn::Module& module);
// Module::load that refuses (Error) stored tensors whose shapes differ from the module's: the record of a file
// can say one latent size while its weights have another.
void loadModuleChecked(torch::nn::Module& module, torch::serialize::InputArchive& archive);
// Adam's state as saved, moved to its parameters' device: a checkpoint written on the CPU resumes on a GPU.
void loadOptimizer(torch::optim::Adam& optimizer, torch::serialize::InputArchive& archive);
std::vector<torch::Tensor> parametersAndBuffers(torch::nn::Module& module);
// A runner's archive: the module as its "model" entry and each Adam under its name (checkpoints; weights files
// have none), read back checked as above.
using NamedOptimizers = std::vector<std::pair<const char*, torch::optim::Adam*>>;
void saveModelAndOptimizers(torch::serialize::OutputArchive& archive, torch::nn::Module& module,
                            const NamedOptimizers& optimizers = {});
void loadModelAndOptimizers(torch::serialize::InputArchive& archive, torch::nn::Module& module,
                            const NamedOptimizers& optimizers = {});

// Batch norm uses running statistics while evaluating; training mode comes back when the guard goes.
struct EvalMode {
  explicit EvalMode(torch::nn::Module& m) : module(m) { module.eval(); }
  ~EvalMode() { module.train(); }
  EvalMode(const EvalMode&) = delete;
  EvalMode& operator=(const EvalMode&) = delete;
  torch::nn::Module& module;
};

}  // namespace latentlab
