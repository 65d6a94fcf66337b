// The trainer gets past what used to stop it for good: a learning rate that blew the model up (rolled back to a
// state trained before the change, so a lower rate passes the old NaN step), and batch normalisation's need for
// two images in a batch (a last batch of one, --batch 1, a one-image set).
#include <gtest/gtest.h>

#include <ATen/CPUGeneratorImpl.h>

#include <cmath>
#include <regex>

#include "run/run_directory.h"
#include "synthetic_data.h"
#include "test_support.h"
#include "run/checkpoint.h"
#include "train/trainer.h"
#include "util/error.h"

using namespace latentlab;

namespace {

void expectFiniteHistory(const Snapshot& snap) {
  for (size_t s = 0; s < snap.history.series(); ++s)
    for (float v : test::seriesValues(snap.history, s)) ASSERT_TRUE(std::isfinite(v)) << "series " << s;
}

}  // namespace

TEST(TrainerRecovery, LoweringTheLearningRateAfterANanPassesTheNanStep) {
  const auto data = test::makeSquaresDataset(256, 32);
  test::TempDir dir;
  const auto config = test::smallConfig(ModelKind::VaeMlp, *data, 1000);
  Trainer trainer(data, config, dir / "run", test::quietOptions());
  trainer.setTotalSteps(250);  // healthy training first: the trainer keeps a good state at step 200
  trainer.start();
  ASSERT_EQ(trainer.waitWhileRunning(), TrainerState::Finished);
  trainer.setLearningRate(10.0);  // Adam at lr 10 ruins the weights within a few steps
  trainer.start();                // another 1000 steps
  ASSERT_EQ(trainer.waitWhileRunning(), TrainerState::Paused) << "lr 10 must end in a NaN pause for this test";
  auto snap = trainer.snapshot();
  std::smatch match;
  const std::string errorText = snap->error.text();
  ASSERT_TRUE(std::regex_search(errorText, match, std::regex("NaN or infinite at step ([0-9]+)"))) << snap->error;
  const int64_t nanStep = std::stoll(match[1]);
  EXPECT_EQ(snap->step, 250) << "rolled back to the state taken just before the lr change: " << snap->error;
  EXPECT_EQ(snap->history.rows(), 250);
  expectFiniteHistory(*snap);

  // The user does what the message says: a lower rate, resume. The old NaN step must pass.
  trainer.setLearningRate(1e-3);
  trainer.resume();
  EXPECT_EQ(trainer.waitWhileRunning(), TrainerState::Finished) << trainer.snapshot()->error;
  snap = trainer.snapshot();
  EXPECT_EQ(snap->step, 1250);
  EXPECT_GT(snap->step, nanStep);
  EXPECT_TRUE(snap->error.empty()) << snap->error;
  expectFiniteHistory(*snap);
  trainer.save();
  trainer.sync();

  auto saved = ModelRunner::create(config, torch::kCPU);
  auto noise = at::detail::createCPUGenerator(1);
  const auto progress = loadCheckpoint(RunDirectory::open(dir / "run"), *saved, config, noise);
  EXPECT_EQ(progress.step, 1250);
  EXPECT_DOUBLE_EQ(progress.lr, 1e-3);
  EXPECT_TRUE(saved->parametersFinite());
}

TEST(TrainerRecovery, ANanRightAfterAnLrChangeNeverKeepsTheWeightsTrainedUnderIt) {
  // Too few healthy steps since the start for a state before the change: the rollback goes to the start.
  const auto data = test::makeSquaresDataset(256, 32);
  Trainer trainer(data, test::smallConfig(ModelKind::VaeMlp, *data, 600), {}, test::quietOptions());
  for (int i = 0; i < 30; ++i) trainer.stepOnce();
  trainer.setLearningRate(10.0);
  trainer.start();
  ASSERT_EQ(trainer.waitWhileRunning(), TrainerState::Paused);
  EXPECT_EQ(trainer.snapshot()->step, 0) << trainer.snapshot()->error;
  EXPECT_NEAR(trainer.snapshot()->config.lr, 10.0, 1e-9) << "the user's lr stays, to be lowered";
  trainer.setLearningRate(1e-3);
  trainer.resume();
  EXPECT_EQ(trainer.waitWhileRunning(), TrainerState::Finished) << trainer.snapshot()->error;
  expectFiniteHistory(*trainer.snapshot());
}

TEST(TrainerRecovery, DcganTrainsPastALastBatchOfOneImage) {
  const auto data = test::makeSquaresDataset(33, 8);  // batches of 32: one image would be left over
  Trainer trainer(data, test::smallConfig(ModelKind::Dcgan, *data, 4), {}, test::quietOptions());
  trainer.start();
  EXPECT_EQ(trainer.waitWhileRunning(), TrainerState::Finished) << trainer.snapshot()->error;
  const auto snap = trainer.snapshot();
  EXPECT_EQ(snap->step, 4);
  EXPECT_EQ(snap->stepsPerEpoch, 1) << "the 33rd image joins the batch before it";
  EXPECT_TRUE(snap->error.empty()) << snap->error;
  expectFiniteHistory(*snap);
}

TEST(TrainerRecovery, DcganRefusesBatchesAndDataSetsOfOneImage) {
  const auto data = test::makeSquaresDataset(64, 8);
  auto config = test::smallConfig(ModelKind::Dcgan, *data, 4);
  config.batch = 1;
  try {
    Trainer trainer(data, config, {}, test::quietOptions());
    FAIL() << "dcgan with batch 1 was accepted";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("batch size of 2 or more"), std::string::npos) << e.what();
  }
  const auto one = test::makeSquaresDataset(1, 1);
  try {
    Trainer trainer(one, test::smallConfig(ModelKind::Dcgan, *one, 4), {}, test::quietOptions());
    FAIL() << "dcgan on one image was accepted";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("at least 2 training images"), std::string::npos) << e.what();
  }
  // Models without batch normalisation still train on a batch of one.
  config.model.kind = ModelKind::VaeMlp;
  Trainer vae(data, config, {}, test::quietOptions());
  vae.start();
  EXPECT_EQ(vae.waitWhileRunning(), TrainerState::Finished);
}
