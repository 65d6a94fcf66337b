#pragma once
// A run directory opened read-only for inference (sampling, encoding, traversals): the model rebuilt from
// config.json with the weights of checkpoint.pt, on the CPU. Training never goes through this.
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "models/model_config.h"

namespace latentlab {

class DecoderWeights;
struct Dataset;

class SavedRun {
 public:
  // The run's newest saved model (checkpoint.pt), or with `step` the newest model at or before that step among
  // the timeline and the checkpoint. Throws latentlab::Error when the directory, config.json or the model file is
  // missing, damaged or mismatched.
  static SavedRun open(const std::filesystem::path& dir, std::optional<int64_t> step = std::nullopt);
  ~SavedRun();
  SavedRun(SavedRun&&) noexcept;
  SavedRun& operator=(SavedRun&&) noexcept;

  const TrainConfig& config() const;
  int64_t step() const;
  std::shared_ptr<const DecoderWeights> decoder() const;

  // The decoder (and a VAE's encoder) as a TorchScript file's bytes, with the import contract
  // (import/script_export.h): what `latentlab-cli export` writes.
  std::string torchScript() const;

  // Posterior means (count x latent, row-major) of the given images of a split. A GAN has no encoder: Error.
  std::vector<float> encode(const Dataset& data, bool testSplit, const std::vector<int64_t>& indices) const;

 private:
  SavedRun();
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace latentlab
