// The window and latentlab-cli make the same new run from the same choices: the window's form after choosing a
// model, and `latentlab-cli train --model NAME` parsed as the program parses it, agree on every setting. Their
// shared options accept the same values. (The window once trained a GAN at 2e-4 and the CLI at 1e-3.)
#include <gtest/gtest.h>

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include "app_options.h"
#include "explorer.h"
#include "model_args.h"
#include "train_args.h"

using namespace latentlab;

namespace {

TrainConfig windowDefaults(ModelKind kind) {
  Explorer explorer([] { return 0.0; });
  explorer.chooseModel(kind);
  return explorer.form().settings;
}

TrainConfig cliDefaults(const std::string& flags) {
  CLI::App app;
  cli::TrainArgs args;
  const cli::GivenFlags given = cli::addTrainOptions(app, args);
  app.parse(flags, false);
  return cli::newRunConfig(args, given.lr->count() > 0, nullptr);
}

// Every setting of a new run but the data's (which the window takes from the data loaded).
nlohmann::json settings(const TrainConfig& config) {
  auto json = toJson(config);
  json.erase("data");
  return json;
}

}  // namespace

TEST(DefaultsAgree, TheWindowAndTheCliMakeTheSameNewRunForEveryModel) {
  for (const auto& model : modelCatalogue()) {
    const TrainConfig window = windowDefaults(model.kind);
    const TrainConfig cli = cliDefaults(std::string("--model ") + model.name);
    EXPECT_EQ(settings(window), settings(cli)) << model.name;
    EXPECT_EQ(cli.lr, model.learningRate) << model.name << ": the catalogue's rate";
  }
}

TEST(DefaultsAgree, ARateTheUserTypesIsKeptWhateverTheModel) {
  EXPECT_EQ(cliDefaults("--model dcgan --lr 0.0005").lr, 5e-4);
  EXPECT_EQ(cliDefaults("--model dcgan --lr 0.001").lr, 1e-3) << "typed, even where it is a VAE's default";
  Explorer explorer([] { return 0.0; });
  explorer.form().settings.lr = 5e-4;
  explorer.chooseModel(ModelKind::Dcgan);
  EXPECT_EQ(explorer.form().settings.lr, 5e-4);
}

TEST(DefaultsAgree, BothProgramsTakeTheSameModelFileSpellings) {
  for (const std::string range : {"probs", "[0,1]", "0..1", "logits", "tanh", "[-1,1]", "-1..1"}) {
    CLI::App window;
    AppOptions app;
    addAppOptions(window, app);
    window.parse("--model-file m.pt --latent 9 --pixel-range " + range, false);
    CLI::App cli;
    cli::ModelArgs model;
    cli::addModelOptions(cli, model, "a run");
    cli.parse("--model-file m.pt --latent 9 --pixel-range " + range, false);
    EXPECT_EQ(app.modelFile.options.pixelRange, model.file.options.pixelRange) << range;
    EXPECT_EQ(app.modelFile.options.latent, 9);
    EXPECT_EQ(model.file.options.latent, 9);
    EXPECT_FALSE(app.modelFile.options.pixelRange.empty()) << range;
  }
}

TEST(DefaultsAgree, BothProgramsRefuseTheSameModelNames) {
  CLI::App window;
  AppOptions app;
  addAppOptions(window, app);
  EXPECT_THROW(window.parse("--model vae-transformer", false), CLI::ValidationError);
  EXPECT_THROW(cliDefaults("--model vae-transformer"), CLI::ValidationError);
}
