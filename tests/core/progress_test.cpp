// epochProgress: the epoch under way and how much of it is done, as the window and the CLI show them.
#include "train/progress.h"

#include <gtest/gtest.h>

using namespace latentlab;

TEST(EpochProgress, FinishedTenEpochRunShowsEpochTenComplete) {
  // Issue 12: a finished 10-epoch run showed "epoch 11 (0%)".
  const EpochProgress p = epochProgress(10 * 469, 469);
  EXPECT_EQ(p.epoch, 10);
  EXPECT_DOUBLE_EQ(p.fraction, 1.0);
}

TEST(EpochProgress, CountsFromOneAndWithinTheEpoch) {
  EXPECT_EQ(epochProgress(0, 100).epoch, 1);
  EXPECT_DOUBLE_EQ(epochProgress(0, 100).fraction, 0.0);
  EXPECT_EQ(epochProgress(1, 100).epoch, 1);
  EXPECT_DOUBLE_EQ(epochProgress(1, 100).fraction, 0.01);
  EXPECT_EQ(epochProgress(100, 100).epoch, 1);  // the epoch's last step still belongs to it
  EXPECT_DOUBLE_EQ(epochProgress(100, 100).fraction, 1.0);
  EXPECT_EQ(epochProgress(101, 100).epoch, 2);
  EXPECT_DOUBLE_EQ(epochProgress(150, 100).fraction, 0.5);
}

TEST(EpochProgress, UnknownEpochLengthIsEpochOne) {
  EXPECT_EQ(epochProgress(57, 0).epoch, 1);
  EXPECT_DOUBLE_EQ(epochProgress(57, 0).fraction, 0.0);
}
