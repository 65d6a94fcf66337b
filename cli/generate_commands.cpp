// latentlab-cli sample and traverse: images decoded from a saved run's latent space.
#include <CLI/CLI.hpp>

#include <cmath>
#include <cstdio>

#include "cli_checks.h"
#include "cli_support.h"
#include "commands.h"
#include "latent/latent_decoder.h"
#include "latent/latent_math.h"
#include "latent/prior_codes.h"
#include "model_args.h"
#include "util/error.h"

namespace latentlab::cli {
namespace {

std::vector<int> parseDims(const std::string& list, int latent) {
  std::vector<int> dims;
  if (list.empty()) {
    for (int d = 0; d < std::min(latent, 10); ++d) dims.push_back(d);
    return dims;
  }
  std::stringstream in(list);
  std::string item;
  while (std::getline(in, item, ',')) {
    try {
      size_t used = 0;
      const int d = std::stoi(item, &used);
      if (used != item.size()) throw std::invalid_argument(item);
      if (d < 0 || d >= latent)
        throw Error("--dims: dimension " + item + " does not exist (the latent size is " + std::to_string(latent) +
                    ")");
      dims.push_back(d);
    } catch (const std::logic_error&) {
      throw Error("--dims: '" + item + "' is not a dimension number (use e.g. --dims 0,3,5)");
    }
  }
  return dims;
}

}  // namespace

void addGenerateCommands(CLI::App& app) {
  struct SampleArgs {
    ModelArgs model;
    std::string out;
    int n = 64;
    uint64_t seed = 1;
    float truncation = 1;
  };
  auto sample = std::make_shared<SampleArgs>();
  auto* cmd = app.add_subcommand("sample", "Decode random latent codes into a grid of images");
  addModelOptions(*cmd, sample->model, "Run directory");
  cmd->add_option("--n", sample->n, "Number of images")->check(wholeNumber(1, 4096));
  cmd->add_option("--seed", sample->seed, "Seed of the first image; image i is seed S+i, as the window's seed field")
      ->check(wholeNumber(0, INT64_MAX));
  cmd->add_option("--truncation", sample->truncation, "Scale the codes towards the mean (psi; 1 = none), as for GANs")
      ->check(finiteNumber(kTruncationMin, kTruncationMax));
  cmd->add_option("--out", sample->out, "Output PNG")->required();
  cmd->callback([sample] {
    refuseRunFileOutput(sample->out);
    const LatentDecoder decoder = openModel(sample->model).decoder;
    // One code per seed, from the function the window's seed field uses: seed S is the same code in both.
    std::vector<Code> codes = codesFromSeeds(sample->seed, sample->n, decoder.latentDims());
    for (auto& code : codes) code = truncateCode(code, sample->truncation);
    const int columns = int(std::ceil(std::sqrt(double(sample->n))));
    writeImage(sample->out, makeGrid(decoder.decode(codes), columns), std::to_string(sample->n) + " samples");
  });

  struct TraverseArgs {
    ModelArgs model;
    std::string out, dims;
    int steps = 11;
    float range = 3;
  };
  auto traverse = std::make_shared<TraverseArgs>();
  cmd = app.add_subcommand("traverse", "Sweep latent dimensions one at a time from the origin (one row per dim)");
  addModelOptions(*cmd, traverse->model, "Run directory");
  cmd->add_option("--dims", traverse->dims, "Comma-separated dimensions (default: the first 10)");
  cmd->add_option("--steps", traverse->steps, "Images per dimension")->check(wholeNumber(2, 64));
  cmd->add_option("--range", traverse->range, "Sweep from -X to +X")->check(finiteNumber(0.01, 100.0));
  cmd->add_option("--out", traverse->out, "Output PNG")->required();
  cmd->callback([traverse] {
    refuseRunFileOutput(traverse->out);
    const LatentDecoder decoder = openModel(traverse->model).decoder;
    const auto dims = parseDims(traverse->dims, decoder.latentDims());
    const Code origin(size_t(decoder.latentDims()), 0.0f);
    const auto codes = traversal(origin, dims, traverse->steps, traverse->range);
    writeImage(traverse->out, makeGrid(decoder.decode(codes), traverse->steps),
               "traversal of " + std::to_string(dims.size()) + " dimensions");
  });
}

}  // namespace latentlab::cli
