#include "cli_support.h"

#include "cli_checks.h"

#include <CLI/CLI.hpp>
#include <unistd.h>

#include <chrono>
#include <cstdio>

namespace latentlab::cli {

void addDataOptions(CLI::App& command, DataArgs& args, bool required) {
  auto* data = command.add_option("--data", args.spec, "Data set: fashion-mnist, mnist:DIR, folder:DIR or shapes");
  if (required) data->required();
  command.add_option("--size", args.size, "folder data: side of the square images (default 28 or 64)")
      ->check(wholeNumber(4, 1024));
  command.add_option("--channels", args.channels, "folder data: 1 (gray) or 3 (RGB); default from the data")
      ->check(CLI::IsMember({1, 3}));
  command.add_option("--data-seed", args.seed, "shapes data: generator seed (default 1234)")
      ->check(wholeNumber(0, INT64_MAX));
}

DataArgs dataArgsOf(const TrainConfig& config) {
  return {config.dataSpec, config.dataSize, config.dataChannels, config.dataSeed};
}

void addStepOption(CLI::App& command, std::optional<int64_t>& step) {
  command.add_option("--step", step, "Use the model at or before this training step (the run's timeline)")
      ->check(wholeNumber(0, INT64_MAX));
}

std::shared_ptr<const Dataset> loadData(const DataArgs& args) {
  DataOptions options;
  options.size = args.size;
  options.channels = args.channels;
  options.seed = args.seed;
  const auto start = std::chrono::steady_clock::now();
  auto data = std::make_shared<Dataset>(loadDataset(args.spec, options));
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::fprintf(stderr, "data: %s, %lld train + %lld test images of %lldx%lldx%lld (%.1f s)\n", data->name.c_str(),
               (long long)data->train.size(), (long long)data->test.size(), (long long)data->channels(),
               (long long)data->height(), (long long)data->width(), seconds);
  if (data->skippedFiles > 0)
    std::fprintf(stderr, "data: skipped %lld unreadable files\n", (long long)data->skippedFiles);
  return data;
}

void writeImage(const std::string& path, const Image& image, const std::string& what) {
  writePng(path, image);
  std::printf("wrote %s (%dx%d) to %s\n", what.c_str(), image.width, image.height, path.c_str());
}

bool stdoutIsTerminal() { return ::isatty(STDOUT_FILENO) == 1; }

}  // namespace latentlab::cli
