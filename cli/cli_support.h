#pragma once
// Pieces the CLI commands share: the data options, loading with a progress note, image output.
#include <memory>
#include <string>

#include "data/dataset.h"
#include "io/image.h"

namespace CLI {
class App;
}

namespace latentlab::cli {

struct DataArgs {
  std::string spec;
  int size = 0;
  int channels = 0;
};

// Adds --data (required when `required`), --size and --channels to a command.
void addDataOptions(CLI::App& command, DataArgs& args, bool required);
std::shared_ptr<const Dataset> loadData(const DataArgs& args);
// Writes a PNG and says where it went.
void writeImage(const std::string& path, const Image& image, const std::string& what);
// True when stdout is a terminal (progress lines redraw in place).
bool stdoutIsTerminal();

}  // namespace latentlab::cli
