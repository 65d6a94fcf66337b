// While a VAE trains on the CPU with a window watching, the scatter's codes are the ones its training steps and test
// loss computed (core/train/seen_codes.h), instead of the data set encoded again every few seconds beside training.
#include <gtest/gtest.h>

#include <chrono>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <string>
#include <thread>

#include "synthetic_data.h"
#include "train/seen_codes.h"
#include "train/trainer.h"
#include "util/error.h"

using namespace latentlab;
using test::waitForSnapshot;
using test::watchedOptions;

namespace {

int threadsNamed(const std::string& wanted) {
  int count = 0;
  for (const auto& task : std::filesystem::directory_iterator("/proc/self/task")) {
    std::ifstream comm(task.path() / "comm");
    std::string name;
    std::getline(comm, name);
    count += name == wanted;
  }
  return count;
}

// Three training images and two test images with 2-dimensional codes, all at step 10.
LatentCodes fiveCodes() {
  LatentCodes codes;
  codes.step = 10;
  codes.dims = 2;
  codes.count = 5;
  codes.trainCount = 3;
  codes.codes = {0, 0, 1, 1, 2, 2, 3, 3, 4, 4};
  codes.labels = {0, 1, 2, 0, 1};
  return codes;
}

}  // namespace

TEST(SeenCodes, EachSlotTakesItsImagesLatestCode) {
  SeenCodes seen;
  EXPECT_FALSE(seen.codesAt(12)) << "nothing to show before the whole data set was encoded once";
  seen.seed(fiveCodes());
  // A batch of training images 2 and 0, and one index past the training slots (a data set larger than the scatter).
  seen.recordTraining(torch::tensor({2, 0, 7}, torch::kLong), torch::tensor({{20.f, 21.f}, {5.f, 6.f}, {9.f, 9.f}}),
                      11);
  seen.recordTest(1, torch::tensor({{40.f, 41.f}, {99.f, 99.f}}), 12);  // the second row is past the test slots
  const auto codes = seen.codesAt(12);
  ASSERT_TRUE(codes);
  EXPECT_EQ(codes->codes, (std::vector<float>{5, 6, 1, 1, 20, 21, 3, 3, 40, 41}));
  EXPECT_EQ(codes->labels, fiveCodes().labels);
  EXPECT_EQ(codes->step, 12);
  EXPECT_EQ(codes->oldestStep, 10) << "images 1 and 3 still have their codes of step 10";
  seen.recordTraining(torch::tensor({1}, torch::kLong), torch::tensor({{7.f, 7.f}}), 13);
  seen.recordTest(0, torch::tensor({{8.f, 8.f}}), 13);
  EXPECT_EQ(seen.codesAt(13)->oldestStep, 11);
  EXPECT_THROW(seen.recordTraining(torch::tensor({0}, torch::kLong), torch::tensor({{1.f, 2.f, 3.f}}), 14), Error)
      << "codes of another size";
  seen.reset();
  EXPECT_FALSE(seen.seeded());
  EXPECT_FALSE(seen.codesAt(14));
}

// At a learning rate of 1e-9 Adam moves each weight by about 1e-9 a step, so the codes training saw must be the data
// set's codes as encoded whole at the start: the same numbers, for every training and test image.
TEST(SeenCodes, AreTheEncodersCodesOfEveryImage) {
  const auto data = test::makeSquaresDataset(600, 64);
  auto config = test::smallConfig(ModelKind::VaeMlp, *data, 1000000);
  config.lr = 1e-9;
  Trainer trainer(data, config, {}, watchedOptions(0.001));
  const auto first = trainer.snapshot()->latents;
  ASSERT_TRUE(first);
  trainer.start();
  // Seen since the first codes: every training image (an epoch) and every test image (the epoch's test loss).
  const auto seen = waitForSnapshot(trainer, [](const Snapshot& s) { return s.latents && s.latents->oldestStep > 0; });
  trainer.pause();
  ASSERT_GT(seen->latents->oldestStep, 0);
  ASSERT_EQ(seen->latents->codes.size(), first->codes.size());
  EXPECT_EQ(seen->latents->count, 664);
  EXPECT_EQ(seen->latents->labels, first->labels);
  for (size_t i = 0; i < first->codes.size(); ++i)
    ASSERT_NEAR(seen->latents->codes[i], first->codes[i], 1e-4 * (1 + std::abs(first->codes[i]))) << i;
}

// Training moves the codes along without a second encoding beside it (no codes' worker thread while training runs),
// each code at most about an epoch old; paused, the codes are encoded whole at the paused step as before.
TEST(SeenCodes, FollowTrainingWithoutEncodingBesideIt) {
  const auto data = test::makeSquaresDataset(640, 64);
  const int64_t stepsPerEpoch = 640 / 32;
  Trainer trainer(data, test::smallConfig(ModelKind::VaeMlp, *data, 1000000), {}, watchedOptions(0.001));
  trainer.start();
  const auto moving = waitForSnapshot(trainer, [&](const Snapshot& s) {
    return s.latents && s.latents->oldestStep >= 0 && s.latents->step > 3 * stepsPerEpoch;
  });
  ASSERT_GE(moving->latents->oldestStep, 0) << "the codes while training are the ones training saw";
  EXPECT_EQ(threadsNamed("ll-latents"), 0) << "the data set was encoded again beside training";
  // Every image is seen once an epoch: in this epoch or the one before.
  EXPECT_GE(moving->latents->oldestStep, moving->latents->step - 2 * stepsPerEpoch);
  EXPECT_GE(moving->latents->version, 2) << "the first codes, then at least one publication of seen codes";
  trainer.pause();
  trainer.sync();
  const int64_t pausedAt = trainer.snapshot()->step;
  const auto paused = waitForSnapshot(trainer, [&](const Snapshot& s) {
    return s.latents && s.latents->step == pausedAt && s.latents->oldestStep < 0;
  });
  EXPECT_EQ(paused->latents->step, pausedAt);
  EXPECT_LT(paused->latents->oldestStep, 0) << "paused: all the codes of one step";
}

// A GAN has no encoder: its scored codes still come from the worker while training.
TEST(SeenCodes, NotForAGan) {
  const auto data = test::makeSquaresDataset(256, 32);
  Trainer trainer(data, test::smallConfig(ModelKind::Dcgan, *data, 1000000), {}, watchedOptions(0.001));
  trainer.start();
  const auto later = waitForSnapshot(trainer, [](const Snapshot& s) { return s.latents && s.latents->version > 1; });
  trainer.pause();
  ASSERT_GT(later->latents->version, 1);
  EXPECT_LT(later->latents->oldestStep, 0);
}
