#include "latent/latent_math.h"

#include <gtest/gtest.h>

#include <cmath>
#include <random>

#include "latent/latent_decoder.h"

using namespace latentlab;

static float norm(const Code& c) {
  double s = 0;
  for (float v : c) s += double(v) * v;
  return float(std::sqrt(s));
}

TEST(LatentMath, InterpolationEndsAtTheEndpoints) {
  const Code a{1, 0, 0}, b{0, 2, 0};
  for (bool spherical : {false, true}) {
    const auto path = interpolate(a, b, 5, spherical);
    ASSERT_EQ(path.size(), 5u);
    for (size_t i = 0; i < 3; ++i) {
      EXPECT_NEAR(path.front()[i], a[i], 1e-6);
      EXPECT_NEAR(path.back()[i], b[i], 1e-6);
    }
  }
  // Linear passes through the chord's midpoint; spherical keeps the norm up (between 1 and 2).
  EXPECT_NEAR(norm(interpolate(a, b, 3, false)[1]), std::sqrt(0.25f + 1.0f), 1e-5);
  EXPECT_GT(norm(interpolate(a, b, 3, true)[1]), norm(interpolate(a, b, 3, false)[1]));
}

TEST(LatentMath, TraversalAndManifoldLayouts) {
  const Code base{0.5f, -0.5f, 0.25f};
  const auto rows = traversal(base, {0, 2}, 4, 3.0f);
  ASSERT_EQ(rows.size(), 8u);
  EXPECT_FLOAT_EQ(rows[0][0], -3.0f);
  EXPECT_FLOAT_EQ(rows[3][0], 3.0f);
  EXPECT_FLOAT_EQ(rows[3][1], -0.5f);
  EXPECT_FLOAT_EQ(rows[4][2], -3.0f);
  EXPECT_THROW(traversal(base, {3}, 4, 1.0f), std::exception);
  const auto grid = manifoldGrid(base, 0, 1, 3, 2.0f);
  ASSERT_EQ(grid.size(), 9u);
  EXPECT_FLOAT_EQ(grid[0][0], -2.0f);  // left
  EXPECT_FLOAT_EQ(grid[0][1], 2.0f);   // top
  EXPECT_FLOAT_EQ(grid[8][0], 2.0f);
  EXPECT_FLOAT_EQ(grid[8][1], -2.0f);
}

TEST(LatentMath, PrincipalAxesFindTheLongDirection) {
  std::mt19937 rng(1);
  std::normal_distribution<float> normal;
  std::vector<float> codes;
  for (int i = 0; i < 4000; ++i) {
    const float t = 5 * normal(rng), s = 0.3f * normal(rng);
    codes.insert(codes.end(), {t * 0.6f + s * 0.8f + 1, t * 0.8f - s * 0.6f - 2, 0.1f * normal(rng)});
  }
  const auto axes = principalAxes(codes, 3, 2);
  ASSERT_EQ(axes.axes.size(), 2u);
  EXPECT_NEAR(std::abs(axes.axes[0][0]), 0.6f, 0.02f);
  EXPECT_NEAR(std::abs(axes.axes[0][1]), 0.8f, 0.02f);
  EXPECT_NEAR(axes.variance[0], 25.0f, 2.0f);
  EXPECT_NEAR(axes.mean[1], -2.0f, 0.3f);
  const auto projected = project(codes, 3, axes);
  EXPECT_EQ(projected.size(), 8000u);
}

TEST(LatentMath, GridPlacesTiles) {
  Image a(2, 2, 1), b(2, 2, 1);
  std::fill(b.pixels.begin(), b.pixels.end(), 200);
  const Image grid = makeGrid({a, b, a}, 2, 1, 9);
  EXPECT_EQ(grid.width, 2 * 2 + 3);
  EXPECT_EQ(grid.height, 2 * 2 + 3);
  EXPECT_EQ(grid.row(1)[4], 200);  // second tile, first row
  EXPECT_EQ(grid.row(0)[0], 9);    // gap
}
