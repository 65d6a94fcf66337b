// latentlab-cli export: a run's decoder (and a VAE's encoder) as a TorchScript file that Python's torch.jit.load
// runs and LatentLab opens again as an imported model (README.md, "Bring your own model").
#include <CLI/CLI.hpp>

#include <cstdio>

#include "cli_checks.h"
#include "cli_support.h"
#include "commands.h"
#include "io/atomic_file.h"
#include "run/saved_run.h"

namespace latentlab::cli {

void addExportCommand(CLI::App& app) {
  struct ExportArgs {
    std::string run, out;
    std::optional<int64_t> step;
  };
  auto args = std::make_shared<ExportArgs>();
  auto* cmd = app.add_subcommand("export", "Write a run's model as TorchScript (torch.jit.load runs it)");
  cmd->add_option("--run", args->run, "Run directory")->required();
  addStepOption(*cmd, args->step);
  cmd->add_option("--out", args->out, "Output file, e.g. model.pt")->required();
  cmd->callback([args] {
    refuseRunFileOutput(args->out);
    const SavedRun run = SavedRun::open(args->run, args->step);
    writeFileAtomic(args->out, run.torchScript());
    const auto& m = run.config().model;
    std::printf("wrote the %s of %s at step %lld (latent %d, %dx%dx%d images) as TorchScript to %s\n",
                isGan(m.kind) ? "generator" : "decoder and encoder", modelKindName(m.kind),
                static_cast<long long>(run.step()), m.latent, m.channels, m.height, m.width, args->out.c_str());
  });
}

}  // namespace latentlab::cli
