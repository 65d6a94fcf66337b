// The catalogue (core/catalogue): the one list of models, data specs and shared options, and the checks that
// read it.
#include <gtest/gtest.h>

#include <CLI/CLI.hpp>

#include "catalogue/data_spec.h"
#include "catalogue/model_catalogue.h"
#include "catalogue/shared_options.h"
#include "models/model_config.h"
#include "util/error.h"

using namespace latentlab;

TEST(ModelCatalogue, NamesRoundTripAndUnknownNamesListTheModels) {
  for (const auto& model : modelCatalogue()) {
    EXPECT_EQ(parseModelKind(model.name), model.kind);
    EXPECT_STREQ(modelKindName(model.kind), model.name);
  }
  EXPECT_EQ(modelNamesText(), "vae-mlp, vae-conv, gan-mlp or dcgan");
  try {
    parseModelKind("vae-transformer");
    FAIL() << "an unknown model was accepted";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("vae-transformer"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find(modelNamesText()), std::string::npos) << e.what();
  }
}

TEST(ModelCatalogue, TheDefaultSettingsUseTheDefaultModelsLearningRate) {
  const TrainConfig defaults;
  EXPECT_EQ(defaults.lr, modelInfo(defaults.model.kind).learningRate);
  EXPECT_EQ(modelInfo(ModelKind::Dcgan).learningRate, 2e-4) << "the DCGAN paper's Adam rate";
  EXPECT_TRUE(isGan(ModelKind::GanMlp));
  EXPECT_FALSE(modelInfo(ModelKind::Dcgan).usesBeta());
  EXPECT_TRUE(modelInfo(ModelKind::VaeConv).hasEncoder());
}

TEST(ModelCatalogue, ChoosingAModelKeepsATypedRateAndSwapsTheDefaultOne) {
  TrainConfig form;
  chooseModel(form, ModelKind::Dcgan);
  EXPECT_EQ(form.lr, 2e-4);
  chooseModel(form, ModelKind::GanMlp);
  EXPECT_EQ(form.lr, 2e-4);
  chooseModel(form, ModelKind::VaeConv);
  EXPECT_EQ(form.lr, 1e-3);
  form.lr = 5e-4;  // typed by the user
  chooseModel(form, ModelKind::Dcgan);
  EXPECT_EQ(form.lr, 5e-4);
  EXPECT_EQ(form.model.kind, ModelKind::Dcgan);
}

TEST(ModelCatalogue, ValidationTakesTheImageSidesFromTheCatalogue) {
  TrainConfig config;
  config.model.kind = ModelKind::VaeConv;
  config.model.height = config.model.width = 32;
  EXPECT_NO_THROW(validate(config));
  config.model.kind = ModelKind::Dcgan;
  try {
    validate(config);
    FAIL() << "dcgan accepted 32-pixel images";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("dcgan supports 28 and 64 pixel square images, not 32x32"), std::string::npos)
        << e.what();
  }
  config.model.kind = ModelKind::GanMlp;
  EXPECT_NO_THROW(validate(config)) << "an MLP takes any size";
}

TEST(DataSpecCatalogue, EveryKindFormatsToASpecThatParsesBack) {
  for (const auto& kind : dataSpecKinds()) {
    const DataSpec spec{kind.kind, kind.takesPath ? "/data/x" : ""};
    const std::string text = formatDataSpec(spec);
    const DataSpec back = parseDataSpec(text);
    EXPECT_EQ(back.kind, spec.kind) << text;
    EXPECT_EQ(back.path, spec.path) << text;
  }
  EXPECT_EQ(dataSpecFormsText(), "fashion-mnist, mnist:DIR, folder:DIR or shapes");
}

TEST(SharedOptions, PixelRangesAreCanonicalAndBadOnesNamed) {
  CLI::App app;
  ModelFileArgs args;
  addModelFileOptions(app, args, "a model file");
  app.parse("--model-file m.pt --pixel-range [-1,1] --latent 7", false);
  EXPECT_EQ(args.file, "m.pt");
  EXPECT_EQ(args.options.pixelRange, "tanh");
  EXPECT_EQ(args.options.latent, 7);

  CLI::App again;
  ModelFileArgs bad;
  addModelFileOptions(again, bad, "a model file");
  try {
    again.parse("--pixel-range sigmoid", false);
    FAIL() << "an unknown pixel range was accepted";
  } catch (const CLI::ParseError& e) {
    EXPECT_NE(std::string(e.what()).find("pixel range 'sigmoid' is not one of"), std::string::npos) << e.what();
  }
}

TEST(SharedOptions, ModelNamesAreCheckedAgainstTheCatalogue) {
  CLI::App app;
  std::string model;
  addModelNameOption(app, model, "The model");
  EXPECT_NO_THROW(app.parse("--model dcgan", false));
  EXPECT_EQ(model, "dcgan");
  CLI::App again;
  addModelNameOption(again, model, "The model");
  EXPECT_THROW(again.parse("--model vae-transformer", false), CLI::ValidationError);
}
