#pragma once
// Checkpoints in a run directory: checkpoint.pt holds the model, optimizer, step, RNG state and the training
// record in one file, so they can never disagree, replaced atomically at every save. The appended logs
// (metrics.csv, events.jsonl; run/run_log.h) are what readers follow. See docs/run-format.md.
#include <torch/torch.h>

#include "run/run_directory.h"
#include "runner/model_runner.h"
#include "snapshot/snapshot.h"

namespace latentlab {

// kCheckpointFile: model + optimizer + progress, written atomically at every save.
constexpr const char* kCheckpointFile = "checkpoint.pt";

// What a checkpoint holds beside weights: enough to continue at the same step with the same numbers.
struct TrainingProgress {
  int64_t step = 0;
  int64_t totalSteps = 0;
  double lr = 0;
  double beta = 1;
  double epochLossSum = 0;  // running sum of per-image train loss in the current epoch
  int64_t epochImages = 0;  // images seen in the current epoch
  std::vector<EpochMetric> epochs;
  std::vector<TrainingEvent> events;
};

void saveCheckpoint(const RunDirectory& run, ModelRunner& model, const TrainConfig& config,
                    const TrainingProgress& progress, const at::Generator& noise);

// Loads checkpoint.pt into `model` and `noise`. Refuses, with a message naming the difference, a checkpoint made
// for another model kind, latent size or data shape than `config`.
TrainingProgress loadCheckpoint(const RunDirectory& run, ModelRunner& model, const TrainConfig& config,
                                at::Generator& noise);

// A weights-only archive (timeline snapshots, model.pt): the model's weights and a record of its kind and step.
std::string saveWeightsArchive(ModelRunner& model, const TrainConfig& config, int64_t step);
// Loads the weights of a timeline snapshot, model.pt or checkpoint.pt into `model`; returns their step. Refuses,
// naming the difference, a file made for another model.
int64_t loadWeightsFile(const std::filesystem::path& file, ModelRunner& model, const TrainConfig& config);

// Model and optimizer state in memory, for rolling back after a NaN.
std::string saveModelState(ModelRunner& model);
// The same into `state`, over the previous state's bytes: the old and the new copy are never held at once (8 MB for
// vae-mlp, every 200 steps, in the window's peak RSS). If it throws, `state` is left empty, never half written.
void saveModelStateInto(ModelRunner& model, std::string& state);
void loadModelState(ModelRunner& model, const std::string& state);

}  // namespace latentlab
