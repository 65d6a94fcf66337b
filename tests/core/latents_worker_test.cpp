// The scatter's codes are encoded off the trainer thread (core/train/latents_worker.h): they must still show the
// model they claim to show, catch up with the last step when training pauses or ends, and change nothing in
// training itself.
#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <map>
#include <string>
#include <thread>

#include "synthetic_data.h"
#include "train/trainer.h"

using namespace latentlab;
using test::waitForSnapshot;
using test::watchedOptions;

// Before: the codes were refreshed only while training ran, so a finished run's scatter showed an older step
// ("step 4417" after finishing at 4690).
TEST(LatentsWorker, CodesCatchUpWithTheLastStepWhenTrainingEnds) {
  const auto data = test::makeSquaresDataset(2000, 64);
  Trainer trainer(data, test::smallConfig(ModelKind::VaeMlp, *data, 150), {}, watchedOptions(1000));
  ASSERT_TRUE(trainer.snapshot()->latents);
  EXPECT_EQ(trainer.snapshot()->latents->step, 0);
  trainer.start();
  ASSERT_EQ(trainer.waitWhileRunning(), TrainerState::Finished);
  const auto snap = waitForSnapshot(trainer, [](const Snapshot& s) { return s.latents && s.latents->step == 150; });
  ASSERT_TRUE(snap->latents);
  EXPECT_EQ(snap->latents->step, 150) << "the codes still show an older model than the finished one";
  EXPECT_EQ(snap->latents->count, 2064) << "every point of the data set (both splits), none sampled away";
  EXPECT_GT(snap->latents->version, 1);
}

TEST(LatentsWorker, CodesCatchUpWhenPaused) {
  const auto data = test::makeSquaresDataset(1000, 64);
  Trainer trainer(data, test::smallConfig(ModelKind::VaeMlp, *data, 1000000), {}, watchedOptions(1000));
  trainer.start();
  while (trainer.snapshot()->step < 40) std::this_thread::sleep_for(std::chrono::milliseconds(5));
  trainer.pause();
  trainer.sync();
  const int64_t pausedAt = trainer.snapshot()->step;
  const auto snap =
      waitForSnapshot(trainer, [&](const Snapshot& s) { return s.latents && s.latents->step == pausedAt; });
  EXPECT_EQ(snap->latents->step, pausedAt);
  EXPECT_EQ(snap->state, TrainerState::Paused);
  trainer.stepOnce();  // a single step moves the codes along too
  trainer.sync();
  const auto stepped =
      waitForSnapshot(trainer, [&](const Snapshot& s) { return s.latents && s.latents->step == pausedAt + 1; });
  EXPECT_EQ(stepped->latents->step, pausedAt + 1);
}

// Without a window watching (the CLI, latentRefreshSeconds = 0) the codes are computed once, never again.
TEST(LatentsWorker, ZeroRefreshStillMeansNever) {
  const auto data = test::makeSquaresDataset(256, 32);
  Trainer trainer(data, test::smallConfig(ModelKind::VaeMlp, *data, 5), {}, test::quietOptions());
  const int64_t first = trainer.snapshot()->latents ? trainer.snapshot()->latents->version : 0;
  trainer.start();
  ASSERT_EQ(trainer.waitWhileRunning(), TrainerState::Finished);
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  const auto snap = trainer.snapshot();
  EXPECT_EQ(snap->latents ? snap->latents->version : 0, first);
}

// The worker's copy of the weights is exact: its codes equal the ones the trainer computes itself on request.
TEST(LatentsWorker, CodesEqualThoseOfTheTrainingWeights) {
  const auto data = test::makeSquaresDataset(1500, 64);
  Trainer trainer(data, test::smallConfig(ModelKind::VaeMlp, *data, 80), {}, watchedOptions(1000));
  trainer.start();
  ASSERT_EQ(trainer.waitWhileRunning(), TrainerState::Finished);
  const auto fromWorker =
      waitForSnapshot(trainer, [](const Snapshot& s) { return s.latents && s.latents->step == 80; })->latents;
  ASSERT_EQ(fromWorker->step, 80);
  trainer.refreshLatents();  // computed on the trainer thread, from the model itself
  trainer.sync();
  const auto direct = trainer.snapshot()->latents;
  ASSERT_NE(direct, fromWorker);
  ASSERT_EQ(direct->codes.size(), fromWorker->codes.size());
  for (size_t i = 0; i < direct->codes.size(); ++i) ASSERT_FLOAT_EQ(direct->codes[i], fromWorker->codes[i]) << i;
  EXPECT_EQ(direct->labels, fromWorker->labels);
}

// Codes refreshed all the time while training (the worker copies weights at step boundaries and builds its own
// model) leave training bit for bit as it is without them.
TEST(LatentsWorker, TrainingIsTheSameWithOrWithoutTheCodes) {
  const auto data = test::makeSquaresDataset(1000, 64);
  std::string digests[2];
  int versions[2] = {0, 0};
  for (int watched = 0; watched < 2; ++watched) {
    Trainer trainer(data, test::smallConfig(ModelKind::VaeMlp, *data, 120), {},
                    watched ? watchedOptions(0.001) : test::quietOptions());
    trainer.start();
    ASSERT_EQ(trainer.waitWhileRunning(), TrainerState::Finished);
    digests[watched] = trainer.weightsDigest();
    const auto snap = waitForSnapshot(
        trainer, [](const Snapshot& s) { return s.latents && s.latents->step == 120; }, watched ? 120 : 0);
    versions[watched] = int(snap->latents ? snap->latents->version : 0);
  }
  EXPECT_EQ(digests[0], digests[1]);
  EXPECT_EQ(versions[0], 1) << "unwatched: only the first codes";
  EXPECT_GT(versions[1], 1) << "watched: the codes followed training";
}

// top, perf and gdb tell the threads apart: the trainer's (its OpenMP team takes the name from it) and the codes'
// worker are named. Before, every thread was "latentlab_core_t" and profiling meant reading stacks.
TEST(LatentsWorker, TheTrainersThreadsAreNamed) {
  const auto data = test::makeSquaresDataset(500, 64);
  std::map<std::string, int> names;
  {
    Trainer trainer(data, test::smallConfig(ModelKind::VaeMlp, *data, 1000000), {}, watchedOptions(0.1));
    trainer.start();
    while (trainer.snapshot()->step < 20) std::this_thread::sleep_for(std::chrono::milliseconds(5));
    trainer.pause();
    trainer.sync();
    // Codes of the paused step, encoded whole: the worker (made on first use) has encoded them.
    const int64_t pausedAt = trainer.snapshot()->step;
    waitForSnapshot(trainer, [&](const Snapshot& s) {
      return s.latents && s.latents->step == pausedAt && s.latents->oldestStep < 0;
    });
    for (const auto& task : std::filesystem::directory_iterator("/proc/self/task")) {
      std::ifstream comm(task.path() / "comm");
      std::string name;
      std::getline(comm, name);
      ++names[name];
    }
  }
  EXPECT_GE(names["ll-trainer"], 1) << "the trainer's thread (and its OpenMP workers, where it has a team)";
  EXPECT_EQ(names["ll-latents"], 1);
}
