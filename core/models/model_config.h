#pragma once
// Everything needed to rebuild a model and continue its training; stored as config.json in a run directory.
// Plain data, no torch, so the GUI's forms can edit it directly.
#include <nlohmann/json_fwd.hpp>

#include <cstdint>
#include <string>
#include <vector>

#include "catalogue/model_catalogue.h"

namespace latentlab {

enum class Likelihood { Bernoulli, Gaussian };  // VAE reconstruction term: BCE with logits, or squared error

struct ModelConfig {
  ModelKind kind = ModelKind::VaeMlp;
  int latent = 20;   // 2..128
  int hidden = 400;  // MLP hidden width (vae-mlp, gan-mlp)
  Likelihood likelihood = Likelihood::Bernoulli;
  int channels = 1, height = 28, width = 28;  // data shape the model is built for
};

// What a data loader produced, recorded so that a run never continues on other data unnoticed (format 2).
struct DataIdentity {
  int64_t trainImages = 0, testImages = 0;
  std::string fingerprint;  // "crc32:xxxxxxxx" over every image and label; empty: not recorded
  bool known() const { return !fingerprint.empty(); }
};

struct TrainConfig {
  ModelConfig model;
  std::string dataSpec = "fashion-mnist";
  int dataSize = 0;           // DataOptions::size for folder data (0 = default)
  int dataChannels = 0;       // DataOptions::channels for folder data (0 = from the data)
  uint64_t dataSeed = 1234;   // DataOptions::seed (shapes: which sprites)
  DataIdentity dataIdentity;  // filled when a run is created on loaded data
  int batch = 128;
  double lr = 1e-3;   // the default model's catalogue rate (chooseModel keeps it so)
  double beta = 1.0;  // VAE: weight of the KL term
  uint64_t seed = 1;
  int64_t epochs = 10;          // stop after this many epochs, unless steps > 0
  int64_t steps = 0;            // stop after this many steps (overrides epochs when > 0)
  std::string device = "auto";  // "cpu", "cuda" or "auto" (cuda when available)
};

// The model of a new run's settings becomes `kind`; a setting still at the previous model's default takes the new
// model's (the learning rate), one the user changed stays. The window's form and latentlab-cli's flags both go
// through this, so a model trains with the same defaults in both.
void chooseModel(TrainConfig& config, ModelKind kind);

// config.json, format "latentlab-run-2" (docs/run-format.md). Format 1 files read too.
nlohmann::json toJson(const TrainConfig& config);
// The "model" object of config.json; `where` names the file in error messages.
ModelConfig modelConfigFromJson(const nlohmann::json& model, const std::string& where);
// Throws latentlab::Error naming the field when the JSON is missing something or has a bad value.
TrainConfig trainConfigFromJson(const nlohmann::json& json);
// Checks ranges (latent 2..128, batch >= 1, lr > 0, ...); throws latentlab::Error saying which value is wrong.
void validate(const TrainConfig& config);

}  // namespace latentlab
