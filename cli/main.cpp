// latentlab-cli: the same work as the desktop program, for servers without a display.
#include <CLI/CLI.hpp>

#include <cstdio>

#include "commands.h"
#include "util/error.h"

using namespace latentlab;

int main(int argc, char** argv) {
  CLI::App app{"latentlab-cli: train and explore generative models without a display"};
  app.require_subcommand(1);
  cli::addVersionCommand(app);
  cli::addInfoCommand(app);
  cli::addTrainCommand(app);
  cli::addGenerateCommands(app);
  cli::addEncodeCommands(app);
  cli::addFollowCommand(app);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  } catch (const Error& e) {
    std::fprintf(stderr, "latentlab-cli: error: %s\n", e.what());
    return 2;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "latentlab-cli: unexpected error: %s\n", e.what());
    return 3;
  }
  return 0;
}
