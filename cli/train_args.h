#pragma once
// latentlab-cli train's flags: a new run's settings bound straight into a TrainConfig (its defaults are the one
// source, with the model's own from the catalogue), and what a resume may change.
#include <string>
#include <vector>

#include "cli_support.h"
#include "dist_args.h"
#include "models/model_config.h"

namespace CLI {
class App;
class Option;
}  // namespace CLI

namespace latentlab::cli {

struct TrainArgs {
  DataArgs data;
  TrainConfig config;  // --latent, --hidden, --batch, --lr, --beta, --seed, --epochs, --steps, --device
  std::string model = modelKindName(TrainConfig{}.model.kind), likelihood = "bernoulli";
  std::string out, resume;
  int threads = 0;
  bool allowOtherData = false;
  double autosaveSeconds = 60;
  int64_t autosaveSteps = 0;
  DistArgs dist;
};

// The flags of a command line that were given, where their being given matters.
struct GivenFlags {
  CLI::Option *epochs = nullptr, *steps = nullptr, *lr = nullptr, *beta = nullptr;
};

// Adds train's flags to `command`, bound to `args`.
GivenFlags addTrainOptions(CLI::App& command, TrainArgs& args);
// The flags a resumed run cannot change (it keeps its model, batches and noise).
const std::vector<std::string>& fixedWhenResumed();

// A new run's settings from the flags: the model's defaults (chooseModel) where a flag was not given (`lrGiven`:
// --lr was). `data` gives the image shape; without it the shape stays TrainConfig's.
TrainConfig newRunConfig(const TrainArgs& args, bool lrGiven, const Dataset* data);

// A resumed run keeps the model, batches and noise it was made with: a flag giving another value is refused by
// name, never ignored. The same value passes: scripts repeat their whole command line.
void refuseChangedSettings(const TrainArgs& args, const std::vector<std::string>& given, const TrainConfig& run);

}  // namespace latentlab::cli
