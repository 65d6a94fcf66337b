#pragma once
// Checkpoints in a run directory: checkpoint.pt holds the model, optimizer, step, RNG state and the training
// record in one file, so they can never disagree; metrics.csv and events.json are readable copies for people
// and spreadsheets. Every file is replaced atomically.
#include <torch/torch.h>

#include "io/run_directory.h"
#include "train/model_runner.h"
#include "train/snapshot.h"

namespace latentlab {

// kCheckpointFile: model + optimizer + progress, written atomically at every save.
constexpr const char* kCheckpointFile = "checkpoint.pt";

// What a checkpoint holds beside weights: enough to continue at the same step with the same numbers.
struct TrainingProgress {
  int64_t step = 0;
  int64_t totalSteps = 0;
  double lr = 0;
  double beta = 1;
  double epochLossSum = 0;     // running sum of per-image train loss in the current epoch
  int64_t epochImages = 0;     // images seen in the current epoch
  std::vector<EpochMetric> epochs;
  std::vector<TrainingEvent> events;
};

void saveCheckpoint(const RunDirectory& run, ModelRunner& model, const TrainConfig& config,
                    const TrainingProgress& progress, const at::Generator& noise);

// Loads checkpoint.pt into `model` and `noise`. Refuses, with a message naming the difference, a checkpoint made
// for another model kind, latent size or data shape than `config`.
TrainingProgress loadCheckpoint(const RunDirectory& run, ModelRunner& model, const TrainConfig& config,
                                at::Generator& noise);

// Model and optimizer state in memory, for rolling back after a NaN.
std::string saveModelState(ModelRunner& model);
void loadModelState(ModelRunner& model, const std::string& state);

void writeMetricsCsv(const RunDirectory& run, const MetricsHistory& history);
// Reads metrics.csv rows up to and including `lastStep`. A missing or damaged file gives what could be read.
MetricsHistory readMetricsCsv(const RunDirectory& run, const std::vector<std::string>& names, int64_t lastStep);

}  // namespace latentlab
