// The scatter's codes tell the truth about the model once training stops: issue 12 saw "step 4417" on a run that
// finished at 4690, because codes were refreshed every few seconds while training and never after the last steps.
#include <gtest/gtest.h>

#include <thread>

#include "synthetic_data.h"
#include "train/trainer.h"

using namespace latentlab;

namespace {

// Refreshes so rarely that only the stop itself can bring the codes up to date.
TrainerOptions rareRefresh() {
  auto options = test::quietOptions();
  options.latentRefreshSeconds = 3600;
  return options;
}

}  // namespace

TEST(LatentCodesStep, FinishedRunShowsCodesOfItsLastStep) {
  const auto data = test::makeSquaresDataset(256, 32);
  Trainer trainer(data, test::smallConfig(ModelKind::VaeMlp, *data, 37), {}, rareRefresh());
  trainer.start();
  ASSERT_EQ(trainer.waitWhileRunning(), TrainerState::Finished);
  trainer.sync();
  const auto snap = trainer.snapshot();
  ASSERT_TRUE(snap->latents);
  EXPECT_EQ(snap->step, 37);
  EXPECT_EQ(snap->latents->step, snap->step);
  EXPECT_EQ(snap->latents->count, 256) << "every point of the data set, none sampled away";
}

TEST(LatentCodesStep, PausedRunAndSingleStepsShowCodesOfTheirStep) {
  const auto data = test::makeSquaresDataset(256, 32);
  Trainer trainer(data, test::smallConfig(ModelKind::VaeMlp, *data, 1000000), {}, rareRefresh());
  trainer.start();
  while (trainer.step() < 15) std::this_thread::yield();
  trainer.pause();
  trainer.sync();
  auto snap = trainer.snapshot();
  ASSERT_TRUE(snap->latents);
  EXPECT_EQ(snap->latents->step, snap->step);
  trainer.stepOnce();
  trainer.sync();
  snap = trainer.snapshot();
  EXPECT_EQ(snap->latents->step, snap->step);
  trainer.stop();
  trainer.sync();
}

TEST(LatentCodesStep, ZeroRefreshStillMeansNever) {
  const auto data = test::makeSquaresDataset(256, 32);
  auto options = test::quietOptions();  // latentRefreshSeconds = 0
  Trainer trainer(data, test::smallConfig(ModelKind::VaeMlp, *data, 5), {}, options);
  const int64_t first = trainer.snapshot()->latents ? trainer.snapshot()->latents->version : 0;
  trainer.start();
  ASSERT_EQ(trainer.waitWhileRunning(), TrainerState::Finished);
  trainer.sync();
  const auto snap = trainer.snapshot();
  EXPECT_EQ(snap->latents ? snap->latents->version : 0, first);
}
