#include "catalogue/shared_options.h"

#include <CLI/CLI.hpp>

#include "catalogue/model_catalogue.h"
#include "catalogue/option_checks.h"
#include "catalogue/data_spec.h"

namespace latentlab {

CLI::Option* addDataSpecOption(CLI::App& app, std::string& spec, const std::string& help) {
  return app.add_option("--data", spec, help + ": " + dataSpecFormsText());
}

CLI::Option* addModelNameOption(CLI::App& app, std::string& name, const std::string& help) {
  return app.add_option("--model", name, help + ": " + modelNamesText())->check(CLI::IsMember(modelKindNames()));
}

CLI::Option* addModelFileOptions(CLI::App& app, ModelFileArgs& args, const std::string& fileHelp) {
  auto* file = app.add_option("--model-file", args.file, fileHelp);
  app.add_option("--latent", args.options.latent,
                 "--model-file: its latent size, when neither the module (latent_dim) nor F.json beside it says")
      ->check(wholeNumber(1, 4096));
  app.add_option("--pixel-range", args.options.pixelRange,
                 "--model-file: what its outputs are: probabilities ([0, 1]; also probs, [0,1]), logits, or tanh "
                 "([-1, 1]) (default: the module's pixel_range, F.json, or detected)")
      ->transform(CLI::Validator(
          [](std::string& value) -> std::string {
            try {
              value = canonicalPixelRange(value);
              return {};
            } catch (const std::exception& e) {
              return e.what();
            }
          },
          "RANGE"));
  return file;
}

}  // namespace latentlab
