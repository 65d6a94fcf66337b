// Training quality on real data (Fashion-MNIST from Debian's dataset-fashion-mnist). Slower than the core
// tests (tens of seconds), so they have their own binary and ctest label, "quality".
#include <gtest/gtest.h>

#include <cmath>

#include "data/dataset.h"
#include "latent/latent_decoder.h"
#include "train/trainer.h"
#include "util/error.h"
#include "util/runtime_info.h"

using namespace latentlab;

namespace {

std::shared_ptr<const Dataset> fashionMnist() {
  static std::shared_ptr<const Dataset> data = [] {
    try {
      return std::make_shared<const Dataset>(loadDataset("fashion-mnist"));
    } catch (const Error&) {
      return std::shared_ptr<const Dataset>();
    }
  }();
  return data;
}

TrainConfig configFor(ModelKind kind, const Dataset& data) {
  TrainConfig config;
  config.dataSpec = data.spec;
  config.model.kind = kind;
  config.model.channels = int(data.channels());
  config.model.height = int(data.height());
  config.model.width = int(data.width());
  config.device = "cpu";
  return config;
}

TrainerOptions quiet() {
  TrainerOptions options;
  options.latentRefreshSeconds = 0;
  options.autosaveSeconds = 0;
  options.publishIntervalSeconds = 1.0;
  return options;
}

}  // namespace

// The classic PyTorch example (784-400-20, batch 128, Adam 1e-3) reaches about 285 after one epoch.
TEST(Quality, VaeMlpOnFashionMnistMatchesTheClassicExample) {
  const auto data = fashionMnist();
  if (!data) GTEST_SKIP() << "dataset-fashion-mnist is not installed";
  configureTorchThreads();
  auto config = configFor(ModelKind::VaeMlp, *data);
  config.epochs = 2;
  Trainer trainer(data, config, {}, quiet());
  trainer.start();
  ASSERT_EQ(trainer.waitWhileRunning(), TrainerState::Finished) << trainer.snapshot()->error;
  const auto snap = trainer.snapshot();
  ASSERT_EQ(snap->epochs.size(), 2u);
  EXPECT_LE(snap->epochs[0].trainLoss, 290.0f);
  EXPECT_LT(snap->epochs[1].testLoss, snap->epochs[0].testLoss) << "the test ELBO must improve";
  EXPECT_GE(snap->activeDims, 5);
  // The decoder copy turns different codes into different images.
  LatentDecoder decoder;
  decoder.setWeights(snap->decoder);
  const Image a = decoder.decodeOne(std::vector<float>(20, 0.0f));
  const Image b = decoder.decodeOne(std::vector<float>(20, 1.5f));
  EXPECT_NE(a.pixels, b.pixels);
}

TEST(Quality, GanKeepsFiniteLossesForThousandsOfSteps) {
  const auto data = fashionMnist();
  if (!data) GTEST_SKIP() << "dataset-fashion-mnist is not installed";
  configureTorchThreads();
  auto config = configFor(ModelKind::GanMlp, *data);
  config.model.latent = 64;
  config.model.hidden = 256;
  config.batch = 64;
  config.lr = 2e-4;
  config.steps = 2500;
  Trainer trainer(data, config, {}, quiet());
  trainer.start();
  ASSERT_EQ(trainer.waitWhileRunning(), TrainerState::Finished) << trainer.snapshot()->error;
  const auto snap = trainer.snapshot();
  ASSERT_EQ(snap->history.rows(), 2500);
  for (size_t s = 0; s < snap->history.series(); ++s)
    for (int64_t row = 0; row < snap->history.rows(); ++row) ASSERT_TRUE(std::isfinite(snap->history.value(s, row)));
  // Not collapsed to one image: the 16 fixed-noise samples differ from each other.
  ASSERT_EQ(snap->reconstructions.size(), 16u);
  int differing = 0;
  for (size_t i = 1; i < 16; ++i) differing += snap->reconstructions[i].pixels != snap->reconstructions[0].pixels;
  EXPECT_GE(differing, 14);
  // The discriminator is not winning outright: D(G(z)) stays away from 0 late in training.
  const auto& history = snap->history;
  double late = 0;
  for (int64_t row = history.rows() - 200; row < history.rows(); ++row) late += history.value(3, row);
  EXPECT_GT(late / 200, 0.05);
}
