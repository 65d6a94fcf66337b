#include <CLI/CLI.hpp>

#include <cstdio>

#include "cli_support.h"
#include "commands.h"

namespace latentlab::cli {

void addInfoCommand(CLI::App& app) {
  auto args = std::make_shared<DataArgs>();
  auto* cmd = app.add_subcommand("info", "Describe a data set: counts, image shape, classes, splits, memory");
  addDataOptions(*cmd, *args, true);
  cmd->callback([args] { std::printf("%s", describeDataset(*loadData(*args)).c_str()); });
}

}  // namespace latentlab::cli
