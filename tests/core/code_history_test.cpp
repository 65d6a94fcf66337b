#include "latent/code_history.h"

#include <gtest/gtest.h>

using namespace latentlab;

TEST(CodeHistory, BackAndForwardRestoreCodes) {
  CodeHistory history;
  EXPECT_FALSE(history.canGoBack());
  EXPECT_FALSE(history.back());
  history.record({0, 0}, "start");
  history.record({1, 0}, "random");
  history.record({2, 0}, "seed 2");
  EXPECT_EQ(history.size(), 3u);
  EXPECT_EQ(*history.back(), Code({1, 0}));
  EXPECT_EQ(*history.back(), Code({0, 0}));
  EXPECT_FALSE(history.back());  // at the oldest
  EXPECT_EQ(*history.forward(), Code({1, 0}));
  EXPECT_EQ(*history.forward(), Code({2, 0}));
  EXPECT_FALSE(history.forward());
  EXPECT_EQ(history.origin(2), "seed 2");
}

TEST(CodeHistory, ANewCodeAfterBackDropsTheForwardPart) {
  CodeHistory history;
  for (float v : {0.f, 1.f, 2.f, 3.f}) history.record({v});
  history.back();
  history.back();  // at {1}
  history.record({9});
  EXPECT_EQ(history.size(), 3u);  // {0} {1} {9}
  EXPECT_FALSE(history.canGoForward());
  EXPECT_EQ(*history.current(), Code({9}));
  EXPECT_EQ(*history.back(), Code({1}));
}

TEST(CodeHistory, TheSameCodeIsRecordedOnce) {
  CodeHistory history;
  history.record({1, 2});
  history.record({1, 2});
  EXPECT_EQ(history.size(), 1u);
}

TEST(CodeHistory, IsBoundedOldestFirst) {
  CodeHistory history(5);
  for (int i = 0; i < 12; ++i) history.record({float(i)});
  EXPECT_EQ(history.size(), 5u);
  EXPECT_EQ(*history.current(), Code({11}));
  int steps = 0;
  while (history.back()) ++steps;
  EXPECT_EQ(steps, 4);
  EXPECT_EQ(*history.current(), Code({7}));  // 0..6 were dropped
}
