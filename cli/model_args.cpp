#include "model_args.h"

#include <CLI/CLI.hpp>

#include <cstdio>
#include <memory>

#include "cli_checks.h"
#include "import/imported_model.h"
#include "run/saved_run.h"
#include "util/error.h"

namespace latentlab::cli {

void addModelOptions(CLI::App& command, ModelArgs& args, const std::string& runHelp) {
  auto* run = command.add_option("--run", args.run, runHelp);
  addStepOption(command, args.step);
  run->excludes(addModelFileOptions(command, args.file,
                                    "A TorchScript model trained elsewhere (torch.jit.save), instead of --run"));
}

ExploredModel openModel(const ModelArgs& args) {
  ExploredModel model;
  if (!args.file.file.empty()) {
    if (args.step) throw Error("--step needs --run: a model file has no timeline");
    std::shared_ptr<const ImportedModel> imported;
    try {
      imported = std::make_shared<const ImportedModel>(ImportedModel::open(args.file.file, args.file.options));
    } catch (const LatentSizeUnknown& e) {
      throw Error(std::string(e.what()) + ": give --latent N");
    }
    std::fprintf(stderr, "IMPORTED %s\n", imported->info().summary().c_str());
    if (!imported->info().encoderProblem.empty())
      std::fprintf(stderr, "encode(x) is not used: %s\n", imported->info().encoderProblem.c_str());
    model.decoder.setWeights(imported->decoder());
    model.latent = imported->info().latent;
    model.encode = [imported](const Dataset& data, bool test, const std::vector<int64_t>& indices) {
      return imported->encode(data, test, indices);
    };
    return model;
  }
  if (args.run.empty()) throw Error("say which model: --run RUN_DIR or --model-file F.pt");
  if (args.file.options.latent > 0 || !args.file.options.pixelRange.empty())
    throw Error("--latent and --pixel-range are for --model-file: a run records its own");
  auto run = std::make_shared<const SavedRun>(SavedRun::open(args.run, args.step));
  if (args.step) std::fprintf(stderr, "model at step %lld\n", static_cast<long long>(run->step()));
  model.decoder.setWeights(run->decoder());
  model.latent = run->config().model.latent;
  model.runData = dataArgsOf(run->config());
  model.encode = [run](const Dataset& data, bool test, const std::vector<int64_t>& indices) {
    return run->encode(data, test, indices);
  };
  return model;
}

DataArgs dataFor(const ExploredModel& model, DataArgs args) {
  if (!model.runData) return args;
  const DataArgs& own = *model.runData;
  if (args.size == 0) args.size = own.size;
  if (args.channels == 0) args.channels = own.channels;
  if (args.spec == own.spec) args.seed = own.seed;  // the run's own sprites
  return args;
}

}  // namespace latentlab::cli
