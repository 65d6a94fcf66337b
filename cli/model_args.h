#pragma once
// The model a command explores: a LatentLab run (--run RUN_DIR [--step S]) or a TorchScript file trained
// elsewhere (--model-file F.pt [--latent N] [--pixel-range R]); see README.md, "Bring your own model".
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "catalogue/shared_options.h"
#include "cli_support.h"
#include "latent/latent_decoder.h"

namespace CLI {
class App;
}

namespace latentlab::cli {

struct ModelArgs {
  std::string run;
  std::optional<int64_t> step;
  ModelFileArgs file;  // --model-file, --latent, --pixel-range (catalogue/shared_options.h)
};

// Adds --run, --step, --model-file, --latent and --pixel-range; exactly one of --run and --model-file is needed.
void addModelOptions(CLI::App& command, ModelArgs& args, const std::string& runHelp);

struct ExploredModel {
  LatentDecoder decoder;
  int latent = 0;
  // Posterior means (count x latent) of images of a split; Error when the model has no encoder.
  std::function<std::vector<float>(const Dataset&, bool test, const std::vector<int64_t>&)> encode;
  // A run's own data options (its sprites, its size), used where the user gave none; a model file has none.
  std::optional<DataArgs> runData;
};

// Opens what the arguments name; throws latentlab::Error naming the problem (and the flag that would fix it).
ExploredModel openModel(const ModelArgs& args);

// The run's own data options where the user gave none (the same sprites, the same size).
DataArgs dataFor(const ExploredModel& model, DataArgs args);

}  // namespace latentlab::cli
