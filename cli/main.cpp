// latentlab-cli: the same work as the desktop program, for servers without a display.
#include <CLI/CLI.hpp>
#include <c10/util/Exception.h>

#include <cstdio>
#include <string>

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
  cli::addExportCommand(app);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    // CLI11 answers an unknown option before the command with only "A subcommand is required": name it.
    const bool topLevel = argc > 1 && argv[1][0] == '-';  // before any command
    // By exit code: CLI11 names an ExtrasError after the program, not after its kind.
    const int code = e.get_exit_code();
    if (topLevel && (code == int(CLI::ExitCodes::RequiredError) || code == int(CLI::ExitCodes::ExtrasError))) {
      std::string commands;
      for (const auto* command : app.get_subcommands([](CLI::App*) { return true; }))
        commands += (commands.empty() ? "" : ", ") + command->get_name();
      std::fprintf(stderr,
                   "latentlab-cli: error: unknown option '%s': options go after a command (latentlab-cli COMMAND "
                   "--option ...); commands: %s\n",
                   argv[1], commands.c_str());
      return 2;
    }
    return app.exit(e);
  } catch (const Error& e) {
    std::fprintf(stderr, "latentlab-cli: error: %s\n", e.what());
    return 2;
  } catch (const c10::Error& e) {
    // LibTorch's own message, without the C++ stack it carries (a wall of frames that says nothing to a user).
    std::fprintf(stderr, "latentlab-cli: unexpected error: %s\n", e.what_without_backtrace());
    return 3;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "latentlab-cli: unexpected error: %s\n", e.what());
    return 3;
  }
  return 0;
}
