#pragma once
// Pieces the CLI commands share: the data options, loading with a progress note, image output.
#include <memory>
#include <optional>
#include <string>

#include "data/dataset.h"
#include "io/image.h"
#include "models/model_config.h"

namespace CLI {
class App;
}

namespace latentlab::cli {

struct DataArgs {
  std::string spec;
  int size = 0;
  int channels = 0;
  uint64_t seed = 1234;  // shapes: which sprites (recorded in the run, so a resume gets the same ones)
};

// The data options a run recorded in its config.json.
DataArgs dataArgsOf(const TrainConfig& config);
// Adds --step S (the model at or before step S of the run's timeline) to a command.
void addStepOption(CLI::App& command, std::optional<int64_t>& step);

// Adds --data (required when `required`), --size and --channels to a command.
void addDataOptions(CLI::App& command, DataArgs& args, bool required);
std::shared_ptr<const Dataset> loadData(const DataArgs& args);
// Writes a PNG and says where it went.
void writeImage(const std::string& path, const Image& image, const std::string& what);
// True when stdout is a terminal (progress lines redraw in place).
bool stdoutIsTerminal();

}  // namespace latentlab::cli
