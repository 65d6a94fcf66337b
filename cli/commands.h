#pragma once
// Each latentlab-cli command lives in its own file and adds itself to the parser here.
// A command's callback throws latentlab::Error for anything the user can fix; main() prints it and exits 2.
namespace CLI {
class App;
}

namespace latentlab::cli {

void addVersionCommand(CLI::App& app);
void addInfoCommand(CLI::App& app);
void addTrainCommand(CLI::App& app);
void addGenerateCommands(CLI::App& app);  // sample, traverse (--run or --model-file)
void addEncodeCommands(CLI::App& app);    // encode, interpolate
void addFollowCommand(CLI::App& app);
void addExportCommand(CLI::App& app);  // a run's model as TorchScript

}  // namespace latentlab::cli
