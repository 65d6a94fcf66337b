#pragma once
// The options the window (latentlab) and latentlab-cli share, added to both by these functions: the same names,
// the same accepted values and spellings, the same help. No torch: the launcher parses its command line before
// LibTorch is loaded.
#include <string>

#include "catalogue/import_options.h"

namespace CLI {
class App;
class Option;
}  // namespace CLI

namespace latentlab {

// --data SPEC: fashion-mnist, mnist:DIR, folder:DIR or shapes (parsed when the data loads).
CLI::Option* addDataSpecOption(CLI::App& app, std::string& spec, const std::string& help);
// --model NAME, one of the catalogue's models (model_catalogue.h).
CLI::Option* addModelNameOption(CLI::App& app, std::string& name, const std::string& help);

// A TorchScript model trained elsewhere, with what the user says of it where the module does not.
struct ModelFileArgs {
  std::string file;
  ImportOptions options;
};
// --model-file F, --latent N (1 to 4096) and --pixel-range R (any spelling canonicalPixelRange takes, stored
// canonical). Returns --model-file, for the caller's excludes().
CLI::Option* addModelFileOptions(CLI::App& app, ModelFileArgs& args, const std::string& fileHelp);

}  // namespace latentlab
