#include "latent/dim_order.h"

#include <gtest/gtest.h>

#include <cmath>

using namespace latentlab;

TEST(DimOrder, MostUsedFirst) {
  const std::vector<float> kl{0.01f, 2.5f, 0.0f, 3.1f, 0.7f};
  EXPECT_EQ(dimsByUse(kl, 5, 3), (std::vector<int>{3, 1, 4}));
  EXPECT_EQ(dimsByUse(kl, 5, 99), (std::vector<int>{3, 1, 4, 0, 2}));
}

// The manifold's and the pad's default axes: the two most used dimensions, not z0 and z1.
TEST(DimOrder, ManifoldDefaultsToTheTwoMostUsed) {
  EXPECT_EQ(twoMostUsedDims({0.0f, 0.02f, 1.9f, 0.0f, 4.0f}, 5), std::make_pair(4, 2));
  // A GAN (no KL) or KL not there yet: z0 and z1.
  EXPECT_EQ(twoMostUsedDims({}, 8), std::make_pair(0, 1));
  EXPECT_EQ(twoMostUsedDims({1.0f}, 1), std::make_pair(0, 0));
  EXPECT_EQ(twoMostUsedDims({}, 0), std::make_pair(0, 0));
}

TEST(DimOrder, TiesAndNaNsKeepAStableOrder) {
  EXPECT_EQ(dimsByUse({1.0f, 1.0f, 1.0f}, 3, 3), (std::vector<int>{0, 1, 2}));
  EXPECT_EQ(dimsByUse({NAN, 0.5f, NAN, 2.0f}, 4, 4), (std::vector<int>{3, 1, 0, 2}));
}
