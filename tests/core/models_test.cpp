#include <gtest/gtest.h>
#include <torch/torch.h>

#include <nlohmann/json.hpp>

#include "models/gan.h"
#include "models/vae.h"
#include "util/error.h"

using namespace latentlab;

namespace {

ModelConfig modelConfig(ModelKind kind, int channels, int side, int latent) {
  ModelConfig m;
  m.kind = kind;
  m.channels = channels;
  m.height = m.width = side;
  m.latent = latent;
  m.hidden = 64;
  return m;
}

}  // namespace

TEST(Models, VaeShapesForEverySupportedSize) {
  for (auto kind : {ModelKind::VaeMlp, ModelKind::VaeConv}) {
    for (int side : {28, 32, 64}) {
      for (int channels : {1, 3}) {
        Vae vae(modelConfig(kind, channels, side, 7));
        const auto x = torch::rand({5, channels, side, side});
        auto [mu, logvar] = vae->encode(x);
        EXPECT_EQ(mu.sizes(), (std::vector<int64_t>{5, 7}));
        EXPECT_EQ(logvar.sizes(), (std::vector<int64_t>{5, 7}));
        const auto out = vae->forward(x, torch::randn({5, 7}));
        EXPECT_EQ(out.logits.sizes(), x.sizes()) << modelKindName(kind) << " at " << side;
        const auto loss = vaeLoss(out, x, Likelihood::Bernoulli, 1.0);
        EXPECT_TRUE(std::isfinite(loss.total.item<float>()));
        EXPECT_GE(loss.kl.item<float>(), 0.0f);
      }
    }
  }
}

TEST(Models, GanShapes) {
  for (auto [kind, side] :
       {std::pair{ModelKind::GanMlp, 28}, {ModelKind::GanMlp, 64}, {ModelKind::Dcgan, 28}, {ModelKind::Dcgan, 64}}) {
    for (int channels : {1, 3}) {
      Gan gan(modelConfig(kind, channels, side, 16));
      const auto fake = gan->generator->forward(torch::randn({4, 16}));
      EXPECT_EQ(fake.sizes(), (std::vector<int64_t>{4, channels, side, side})) << modelKindName(kind);
      EXPECT_LE(fake.abs().max().item<float>(), 1.0f);
      const auto logits = gan->discriminator->forward(fake);
      EXPECT_EQ(logits.sizes(), (std::vector<int64_t>{4, 1})) << modelKindName(kind) << " at " << side;
    }
  }
}

TEST(Models, KlIsZeroAtThePriorAndPositiveAway) {
  const auto mu = torch::zeros({3, 4}), logvar = torch::zeros({3, 4});
  EXPECT_NEAR(klPerDimension(mu, logvar).sum().item<float>(), 0.0f, 1e-6);
  EXPECT_GT(klPerDimension(mu + 1, logvar).sum().item<float>(), 5.9f);  // 0.5 * 1^2 * 12 = 6
}

TEST(Models, GaussianLikelihoodPrefersCloserReconstructions) {
  const auto x = torch::rand({2, 1, 28, 28});
  const VaeOutput exact{torch::logit(x.clamp(0.01, 0.99)), torch::zeros({2, 4}), torch::zeros({2, 4})};
  const VaeOutput off{torch::zeros_like(x), torch::zeros({2, 4}), torch::zeros({2, 4})};
  EXPECT_LT(vaeLoss(exact, x, Likelihood::Gaussian, 1).recon.item<float>(),
            vaeLoss(off, x, Likelihood::Gaussian, 1).recon.item<float>());
}

TEST(Models, ConfigValidationSaysWhatIsWrong) {
  TrainConfig config;
  config.model.latent = 1;
  try {
    validate(config);
    FAIL();
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("latent size"), std::string::npos);
  }
  config.model.latent = 20;
  config.model.kind = ModelKind::Dcgan;
  config.model.height = config.model.width = 32;
  EXPECT_THROW(validate(config), Error);
  EXPECT_THROW(parseModelKind("vae-transformer"), Error);
  config.model.kind = ModelKind::VaeConv;
  EXPECT_NO_THROW(validate(config));
}

TEST(Models, ConfigJsonRoundTrip) {
  TrainConfig config;
  config.model.kind = ModelKind::Dcgan;
  config.model.latent = 100;
  config.model.height = config.model.width = 64;
  config.model.channels = 3;
  config.lr = 2e-4;
  config.dataSpec = "folder:/tmp/x";
  config.dataSize = 64;
  const TrainConfig back = trainConfigFromJson(toJson(config));
  EXPECT_EQ(back.model.kind, ModelKind::Dcgan);
  EXPECT_EQ(back.model.latent, 100);
  EXPECT_EQ(back.model.channels, 3);
  EXPECT_EQ(back.dataSpec, "folder:/tmp/x");
  EXPECT_DOUBLE_EQ(back.lr, 2e-4);
  EXPECT_THROW(trainConfigFromJson(nlohmann::json{{"format", "latentlab-run-1"}}), Error);
}

// Whole numbers must be whole and in range: get<int>() would turn latent 20.7 into 20 and seed -1 into 2^64-1.
TEST(Models, ConfigJsonRefusesNumbersItWouldHaveToCoerce) {
  TrainConfig config;
  config.model.channels = 1;
  config.model.height = config.model.width = 28;
  const auto parsed = [&](const char* key, const nlohmann::json& value, bool inModel) {
    auto json = nlohmann::json::parse(toJson(config).dump());  // as read from disk
    (inModel ? json["model"][key] : json[key]) = value;
    return json;
  };
  const struct {
    const char* key;
    nlohmann::json value;
    bool inModel;
  } cases[] = {{"latent", 20.7, true}, {"latent", 1e12, true},  {"seed", -1, false},
               {"batch", 32.5, false}, {"epochs", "10", false}, {"latent", 4294967316ull, true}};
  for (const auto& c : cases) {
    try {
      trainConfigFromJson(parsed(c.key, c.value, c.inModel));
      ADD_FAILURE() << c.key << " = " << c.value.dump() << " was accepted";
    } catch (const Error& e) {
      EXPECT_NE(std::string(e.what()).find(std::string("\"") + c.key + "\""), std::string::npos) << e.what();
    }
  }
  EXPECT_EQ(trainConfigFromJson(parsed("seed", 18446744073709551615ull, false)).seed, 18446744073709551615ull);
  EXPECT_EQ(trainConfigFromJson(parsed("latent", 7, true)).model.latent, 7);
}
