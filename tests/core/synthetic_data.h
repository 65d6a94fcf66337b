#pragma once
// Small in-memory data sets for model and trainer tests: bright squares of a few sizes at random places, with
// the size class as the label. Structured enough that a model's loss clearly falls within a few hundred steps.
#include <chrono>
#include <memory>
#include <thread>

#include "data/dataset.h"
#include "models/model_config.h"
#include "train/trainer.h"

namespace latentlab::test {

std::shared_ptr<const Dataset> makeSquaresDataset(int64_t trainCount, int64_t testCount, int channels = 1,
                                                  int side = 28, uint64_t seed = 7);

TrainConfig smallConfig(ModelKind kind, const Dataset& data, int64_t steps);

// Trainer options for tests: frequent publishes, no latent refresh, no autosave.
TrainerOptions quietOptions();
// The same with the data set's codes refreshed every `refreshSeconds`, as for a window watching the scatter.
TrainerOptions watchedOptions(double refreshSeconds);

// Polls the trainer's snapshots until `wanted` holds (the codes come from another thread, in their own time) or
// `seconds` pass; returns the last snapshot either way.
template <typename Pred>
std::shared_ptr<const Snapshot> waitForSnapshot(Trainer& trainer, Pred wanted, double seconds = 120) {
  const auto end = std::chrono::steady_clock::now() + std::chrono::duration<double>(seconds);
  auto snap = trainer.snapshot();
  while (!wanted(*snap) && std::chrono::steady_clock::now() < end) {
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
    snap = trainer.snapshot();
  }
  return snap;
}

}  // namespace latentlab::test
