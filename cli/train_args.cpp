#include "train_args.h"

#include <CLI/CLI.hpp>

#include <cstdint>
#include <map>

#include "catalogue/shared_options.h"
#include "cli_checks.h"
#include "data/dataset.h"
#include "util/error.h"

namespace latentlab::cli {
namespace {

constexpr int64_t kMaxSteps = int64_t(1) << 40;  // far beyond any run, far from overflowing step arithmetic

Likelihood likelihoodOf(const std::string& name) {
  return name == "gaussian" ? Likelihood::Gaussian : Likelihood::Bernoulli;
}

}  // namespace

GivenFlags addTrainOptions(CLI::App& cmd, TrainArgs& args) {
  TrainConfig& c = args.config;
  GivenFlags given;
  addDataOptions(cmd, args.data, false);
  addModelNameOption(cmd, args.model, "The model");
  cmd.add_option("--latent", c.model.latent, "Latent size (2 to 128)")->check(wholeNumber(2, 128));
  cmd.add_option("--hidden", c.model.hidden, "Hidden width of MLP models")->check(wholeNumber(8, 8192));
  cmd.add_option("--likelihood", args.likelihood, "VAE likelihood: bernoulli or gaussian")
      ->check(CLI::IsMember({"bernoulli", "gaussian"}));
  given.epochs = cmd.add_option("--epochs", c.epochs, "Train this many epochs")->check(wholeNumber(1, 1000000));
  given.steps = cmd.add_option("--steps", c.steps, "Train this many steps")->check(wholeNumber(1, kMaxSteps));
  given.epochs->excludes(given.steps);
  cmd.add_option("--batch", c.batch, "Batch size")->check(wholeNumber(1, 65536));
  given.lr = cmd.add_option("--lr", c.lr, "Learning rate (Adam; default: the model's, 1e-3 for a VAE, 2e-4 for a GAN)")
                 ->check(finiteNumber(1e-8, 10.0));
  given.beta = cmd.add_option("--beta", c.beta, "VAE: weight of the KL term")->check(finiteNumber(0.0, 1000.0));
  cmd.add_option("--seed", c.seed, "Random seed")->check(wholeNumber(0, INT64_MAX));
  cmd.add_option("--device", c.device, "cpu, cuda or auto")->check(CLI::IsMember({"cpu", "cuda", "auto"}));
  cmd.add_option("--threads", args.threads,
                 "Intra-op threads; a CPU step is split over them (default and most: the machine's cores)")
      ->check(wholeNumber(1, 1 << 20));
  auto* out = cmd.add_option("--out", args.out, "Run directory to create");
  auto* resume = cmd.add_option("--resume", args.resume, "Run directory to continue");
  out->excludes(resume);
  cmd.add_option("--autosave", args.autosaveSeconds, "Save every this many seconds while training (0: never)")
      ->check(CLI::NonNegativeNumber);
  cmd.add_option("--autosave-steps", args.autosaveSteps, "Also save every this many steps (0: never)")
      ->check(CLI::NonNegativeNumber);
  cmd.add_flag("--allow-other-data", args.allowOtherData,
               "With --resume: continue even when --data is not the data the run was trained on");
  addDistOptions(cmd, args.dist);
  return given;
}

const std::vector<std::string>& fixedWhenResumed() {
  static const std::vector<std::string> flags = {"--model", "--latent", "--hidden", "--likelihood",
                                                 "--batch", "--seed",   "--device"};
  return flags;
}

TrainConfig newRunConfig(const TrainArgs& args, bool lrGiven, const Dataset* data) {
  TrainConfig config = args.config;
  chooseModel(config, parseModelKind(args.model));
  if (lrGiven) config.lr = args.config.lr;  // what the user typed, whatever the model
  config.model.likelihood = likelihoodOf(args.likelihood);
  config.dataSpec = args.data.spec;
  config.dataSize = args.data.size;
  config.dataChannels = args.data.channels;
  config.dataSeed = args.data.seed;
  if (data) {
    config.model.channels = int(data->channels());
    config.model.height = int(data->height());
    config.model.width = int(data->width());
  }
  return config;
}

void refuseChangedSettings(const TrainArgs& args, const std::vector<std::string>& given, const TrainConfig& run) {
  auto gaussian = [](bool yes) { return std::string(yes ? "gaussian" : "bernoulli"); };
  const TrainConfig& mine = args.config;
  const std::map<std::string, std::pair<std::string, std::string>> values =
      {// flag: (given, the run's)
       {"--model", {args.model, modelKindName(run.model.kind)}},
       {"--latent", {std::to_string(mine.model.latent), std::to_string(run.model.latent)}},
       {"--hidden", {std::to_string(mine.model.hidden), std::to_string(run.model.hidden)}},
       {"--likelihood", {args.likelihood, gaussian(run.model.likelihood == Likelihood::Gaussian)}},
       {"--batch", {std::to_string(mine.batch), std::to_string(run.batch)}},
       {"--seed", {std::to_string(mine.seed), std::to_string(run.seed)}},
       {"--device", {mine.device, run.device}}};
  for (const auto& flag : given) {
    const auto& [value, theirs] = values.at(flag);
    if (value != theirs)
      throw Error(flag + " cannot change when a run is continued: the run has " + theirs +
                  " in its config.json, "
                  "not " +
                  value + ". Leave " + flag + " out, or start a new run with --out");
  }
}

}  // namespace latentlab::cli
