#pragma once
// Small in-memory data sets for model and trainer tests: bright squares of a few sizes at random places, with
// the size class as the label. Structured enough that a model's loss clearly falls within a few hundred steps.
#include <memory>

#include "data/dataset.h"
#include "models/model_config.h"
#include "train/trainer.h"

namespace latentlab::test {

std::shared_ptr<const Dataset> makeSquaresDataset(int64_t trainCount, int64_t testCount, int channels = 1,
                                                  int side = 28, uint64_t seed = 7);

TrainConfig smallConfig(ModelKind kind, const Dataset& data, int64_t steps);

// Trainer options for tests: frequent publishes, no latent refresh, no autosave.
TrainerOptions quietOptions();

}  // namespace latentlab::test
