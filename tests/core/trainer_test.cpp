#include "train/trainer.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <cmath>
#include <numeric>
#include <random>
#include <thread>

#include "run/run_directory.h"
#include "latent/latent_decoder.h"
#include "synthetic_data.h"
#include "test_support.h"
#include "run/checkpoint.h"
#include "util/error.h"

using namespace latentlab;
namespace fs = std::filesystem;

namespace {

double mean(const std::vector<float>& v, size_t begin, size_t end) {
  return std::accumulate(v.begin() + long(begin), v.begin() + long(end), 0.0) / double(end - begin);
}

}  // namespace

TEST(Trainer, VaeLossFallsOnASmallSubset) {
  const auto data = test::makeSquaresDataset(512, 64);
  Trainer trainer(data, test::smallConfig(ModelKind::VaeMlp, *data, 300), {}, test::quietOptions());
  trainer.start();
  EXPECT_EQ(trainer.waitWhileRunning(), TrainerState::Finished);
  const auto snap = trainer.snapshot();
  ASSERT_EQ(snap->history.rows(), 300);
  const auto loss = test::seriesValues(snap->history, 0);
  EXPECT_LT(mean(loss, 280, 300), 0.6 * mean(loss, 0, 20));
  EXPECT_EQ(snap->reconstructions.size(), 16u);
  EXPECT_EQ(snap->klPerDim.size(), 4u);
  EXPECT_GT(snap->activeDims, 0);
  ASSERT_TRUE(snap->decoder);
  EXPECT_FALSE(snap->epochs.empty()) << "300 steps of 16 per epoch cross epoch boundaries";
}

TEST(Trainer, GanTrainsWithFiniteLosses) {
  const auto data = test::makeSquaresDataset(256, 32);
  for (auto kind : {ModelKind::GanMlp, ModelKind::Dcgan}) {
    Trainer trainer(data, test::smallConfig(kind, *data, 30), {}, test::quietOptions());
    trainer.start();
    EXPECT_EQ(trainer.waitWhileRunning(), TrainerState::Finished);
    const auto snap = trainer.snapshot();
    ASSERT_EQ(snap->history.names().size(), 4u);
    ASSERT_EQ(snap->history.rows(), 30);
    for (size_t s = 0; s < snap->history.series(); ++s)
      for (float v : test::seriesValues(snap->history, s)) ASSERT_TRUE(std::isfinite(v));
    EXPECT_TRUE(snap->klPerDim.empty());
  }
}

TEST(Trainer, PublishesLatentCodesOfTheDataSet) {
  const auto data = test::makeSquaresDataset(300, 30);
  auto options = test::quietOptions();
  options.latentRefreshSeconds = 0.01;
  Trainer trainer(data, test::smallConfig(ModelKind::VaeMlp, *data, 20), {}, options);
  trainer.refreshLatents();
  trainer.sync();
  const auto latents = trainer.snapshot()->latents;
  ASSERT_TRUE(latents);
  EXPECT_EQ(latents->count, 330) << "both splits: 300 training images and 30 test images";
  EXPECT_EQ(latents->trainCount, 300);
  EXPECT_EQ(latents->dims, 4);
  EXPECT_EQ(latents->codes.size(), 1320u);
  EXPECT_EQ(latents->labels.size(), 330u);
  for (int64_t i = 0; i < 30; ++i)  // the test split's labels follow the training split's
    EXPECT_EQ(latents->labels[size_t(300 + i)], data->test.labels[i].item<int64_t>());
  EXPECT_EQ(latents->classNames.size(), 3u);
}

TEST(Trainer, StepOncePauseResumeAndLiveHyperparameters) {
  const auto data = test::makeSquaresDataset(256, 32);
  Trainer trainer(data, test::smallConfig(ModelKind::VaeMlp, *data, 1000000), {}, test::quietOptions());
  trainer.stepOnce();
  trainer.stepOnce();
  trainer.sync();
  EXPECT_EQ(trainer.step(), 2);
  EXPECT_EQ(trainer.state(), TrainerState::Paused);
  trainer.setLearningRate(5e-4);
  trainer.setBeta(2.0);
  trainer.resume();
  while (trainer.step() < 20) std::this_thread::yield();
  trainer.pause();
  trainer.sync();
  const int64_t stepAtPause = trainer.step();
  std::this_thread::sleep_for(std::chrono::milliseconds(50));
  EXPECT_EQ(trainer.step(), stepAtPause) << "a paused trainer must not step";
  const auto snap = trainer.snapshot();
  EXPECT_DOUBLE_EQ(snap->config.lr, 5e-4);
  EXPECT_DOUBLE_EQ(snap->config.beta, 2.0);
  ASSERT_EQ(snap->events.size(), 4u);  // lr, beta, resumed training, paused: each marked on the curves
  EXPECT_EQ(snap->events[0].step, 2);
  EXPECT_NE(snap->events[0].text.find("lr"), std::string::npos);
  EXPECT_NE(snap->events[1].text.find("beta"), std::string::npos);
  EXPECT_EQ(snap->events[2].text, "resumed training");
  EXPECT_EQ(snap->events[3].text, "paused");
  EXPECT_EQ(snap->events[3].step, stepAtPause);
  trainer.stop();
  trainer.sync();
  EXPECT_EQ(trainer.state(), TrainerState::Finished);
}

TEST(Trainer, InjectedNanIsCaughtAndTheWeightsStayFinite) {
  const auto data = test::makeSquaresDataset(256, 32);
  auto options = test::quietOptions();
  options.injectNanAtStep = 25;
  Trainer trainer(data, test::smallConfig(ModelKind::VaeMlp, *data, 60), {}, options);
  trainer.start();
  EXPECT_EQ(trainer.waitWhileRunning(), TrainerState::Paused);
  auto snap = trainer.snapshot();
  EXPECT_EQ(snap->step, 0) << "rolled back to the last good state (the start: the next is taken at step 200)";
  EXPECT_NE(snap->error.text().find("NaN"), std::string::npos) << snap->error;
  ASSERT_EQ(snap->history.rows(), 0);
  for (size_t s = 0; s < snap->history.series(); ++s)
    for (float v : test::seriesValues(snap->history, s)) EXPECT_TRUE(std::isfinite(v));
  trainer.resume();
  EXPECT_EQ(trainer.waitWhileRunning(), TrainerState::Finished);
  snap = trainer.snapshot();
  EXPECT_EQ(snap->step, 60);
  EXPECT_TRUE(std::isfinite(snap->history.last(0)));
}

TEST(Trainer, DivergingLearningRateIsRolledBackNotSaved) {
  const auto data = test::makeSquaresDataset(256, 32);
  test::TempDir dir;
  auto config = test::smallConfig(ModelKind::VaeMlp, *data, 400);
  config.lr = 10.0;  // Adam at lr 10 blows the loss up within a few steps
  {
    Trainer trainer(data, config, dir / "run", test::quietOptions());
    trainer.start();
    const TrainerState state = trainer.waitWhileRunning();
    const auto snap = trainer.snapshot();
    if (state == TrainerState::Paused) {
      EXPECT_NE(snap->error.text().find("NaN"), std::string::npos);
      for (float v : test::seriesValues(snap->history, 0)) EXPECT_TRUE(std::isfinite(v));
    }
    trainer.save();
    trainer.sync();
    // One writer at a time: while this trainer writes the run, nobody else may continue it.
    EXPECT_THROW(Trainer::resume(data, dir / "run", test::quietOptions()), Error);
  }
  EXPECT_NO_THROW(Trainer::resume(data, dir / "run", test::quietOptions()));
}

TEST(Trainer, RandomCommandOrdersNeverDeadlock) {
  const auto data = test::makeSquaresDataset(128, 16);
  test::TempDir dir;
  std::mt19937 rng(42);
  for (int round = 0; round < 12; ++round) {
    const fs::path runDir = round % 3 == 0 ? dir / ("run" + std::to_string(round)) : fs::path();
    auto trainer =
        std::make_unique<Trainer>(data, test::smallConfig(ModelKind::VaeMlp, *data, 200), runDir, test::quietOptions());
    for (int i = 0; i < 25; ++i) {
      switch (rng() % 9) {
        case 0: trainer->start(); break;
        case 1: trainer->pause(); break;
        case 2: trainer->resume(); break;
        case 3: trainer->stepOnce(); break;
        case 4: trainer->stop(); break;
        case 5: trainer->setLearningRate(1e-3 * (1 + rng() % 3)); break;
        case 6: trainer->snapshot(); break;
        case 7:
          if (!runDir.empty()) trainer->save();
          break;
        case 8: std::this_thread::sleep_for(std::chrono::microseconds(rng() % 3000)); break;
      }
    }
    if (round % 2) trainer->sync();
    trainer.reset();  // closing while running: stops within a step, joins
    if (!runDir.empty()) {
      EXPECT_NO_THROW(Trainer::resume(data, runDir, test::quietOptions()));
    }
  }
}

TEST(Trainer, DecoderCopyIsIndependentOfTheTrainingWeights) {
  const auto data = test::makeSquaresDataset(128, 16);
  Trainer trainer(data, test::smallConfig(ModelKind::VaeMlp, *data, 1000), {}, test::quietOptions());
  const auto before = trainer.snapshot()->decoder;
  LatentDecoder decoder;
  decoder.setWeights(before);
  const Image first = decoder.decodeOne({0.5f, -0.5f, 1.0f, 0.0f});
  trainer.stepOnce();
  trainer.stepOnce();
  trainer.sync();
  // Training moved on; the old copy must still decode exactly as before, and the new one differently.
  EXPECT_EQ(decoder.decodeOne({0.5f, -0.5f, 1.0f, 0.0f}).pixels, first.pixels);
  LatentDecoder latest;
  latest.setWeights(trainer.snapshot()->decoder);
  EXPECT_NE(latest.decodeOne({0.5f, -0.5f, 1.0f, 0.0f}).pixels, first.pixels);
}

TEST(Trainer, SyncReturnsWithTheCommandsInTheSnapshot) {
  const auto data = test::makeSquaresDataset(64, 8);
  Trainer trainer(data, test::smallConfig(ModelKind::VaeMlp, *data, 10), {}, test::quietOptions());
  for (int64_t total = 20; total < 220; total += 10) {
    trainer.setTotalSteps(total);
    trainer.setLearningRate(1e-3 + double(total) * 1e-6);
    trainer.sync();
    ASSERT_EQ(trainer.snapshot()->totalSteps, total);
    ASSERT_DOUBLE_EQ(trainer.snapshot()->config.lr, 1e-3 + double(total) * 1e-6);
  }
}
