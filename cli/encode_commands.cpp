// latentlab-cli encode and interpolate: a VAE run's encoder applied to a data set.
#include <CLI/CLI.hpp>

#include <cstdio>
#include <numeric>

#include "cli_checks.h"
#include "cli_support.h"
#include "commands.h"
#include "io/atomic_file.h"
#include "latent/decoder_weights.h"
#include "latent/latent_decoder.h"
#include "latent/latent_math.h"
#include "model_args.h"
#include "util/error.h"

namespace latentlab::cli {
namespace {

std::vector<int64_t> allIndices(int64_t n) {
  std::vector<int64_t> indices(static_cast<size_t>(n));
  std::iota(indices.begin(), indices.end(), 0);
  return indices;
}

}  // namespace

void addEncodeCommands(CLI::App& app) {
  struct EncodeArgs {
    ModelArgs model;
    std::string out;
    DataArgs data;
  };
  auto encode = std::make_shared<EncodeArgs>();
  auto* cmd = app.add_subcommand("encode", "Write the latent means of every image of a data set as CSV");
  addModelOptions(*cmd, encode->model, "Run directory (a VAE)");
  addDataOptions(*cmd, encode->data, true);
  cmd->add_option("--out", encode->out, "Output CSV")->required();
  cmd->callback([encode] {
    refuseRunFileOutput(encode->out);
    const ExploredModel model = openModel(encode->model);
    const auto data = loadData(dataFor(model, encode->data));
    const int dims = model.latent;
    std::string csv = "split,index,label";
    for (int d = 0; d < dims; ++d) csv += ",z" + std::to_string(d);
    csv += "\n";
    char number[32];
    for (bool test : {false, true}) {
      const DataSplit& split = test ? data->test : data->train;
      const auto codes = model.encode(*data, test, allIndices(split.size()));
      const auto labels = split.labels.defined() ? split.labels.contiguous() : torch::Tensor();
      for (int64_t i = 0; i < split.size(); ++i) {
        csv += (test ? "test," : "train,") + std::to_string(i) + ",";
        if (labels.defined()) csv += std::to_string(labels[i].item<int64_t>());
        for (int d = 0; d < dims; ++d) {
          std::snprintf(number, sizeof number, ",%.6g", double(codes[size_t(i) * size_t(dims) + size_t(d)]));
          csv += number;
        }
        csv += "\n";
      }
    }
    writeFileAtomic(encode->out, csv);
    std::printf("wrote the latent codes of %lld images to %s\n", (long long)(data->train.size() + data->test.size()),
                encode->out.c_str());
  });

  struct InterpolateArgs {
    ModelArgs model;
    std::string out;
    DataArgs data;
    int64_t from = 0, to = 1;
    int steps = 10;
    bool spherical = false;
  };
  auto interp = std::make_shared<InterpolateArgs>();
  cmd = app.add_subcommand("interpolate", "Decode the path between two images' codes (train split indices)");
  addModelOptions(*cmd, interp->model, "Run directory (a VAE)");
  addDataOptions(*cmd, interp->data, true);
  cmd->add_option("--from", interp->from, "Index of the first image")->required()->check(wholeNumber(0, INT64_MAX));
  cmd->add_option("--to", interp->to, "Index of the second image")->required()->check(wholeNumber(0, INT64_MAX));
  cmd->add_option("--steps", interp->steps, "Decoded images between and including the ends")
      ->check(wholeNumber(2, 256));
  cmd->add_flag("--spherical", interp->spherical, "Spherical instead of linear interpolation");
  cmd->add_option("--out", interp->out, "Output PNG")->required();
  cmd->callback([interp] {
    refuseRunFileOutput(interp->out);
    const ExploredModel model = openModel(interp->model);
    const auto data = loadData(dataFor(model, interp->data));
    const int dims = model.latent;
    const auto codes = model.encode(*data, false, {interp->from, interp->to});
    const Code a(codes.begin(), codes.begin() + dims), b(codes.begin() + dims, codes.end());
    const LatentDecoder& decoder = model.decoder;
    // The two real images frame the decoded path.
    const auto ends = toImages(batchToFloat(data->train.images, torch::tensor({interp->from, interp->to})));
    std::vector<Image> strip{ends[0]};
    for (auto& image : decoder.decode(interpolate(a, b, interp->steps, interp->spherical))) strip.push_back(image);
    strip.push_back(ends[1]);
    writeImage(interp->out, makeGrid(strip, int(strip.size())),
               "interpolation from image " + std::to_string(interp->from) + " to " + std::to_string(interp->to));
  });
}

}  // namespace latentlab::cli
