// The scatter's pure logic (issue 12, item 2): zoom at the cursor, round axis ticks, exact nearest neighbours in
// latent space, and what the search field understands.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <random>

#include "latent/categorical_factor.h"
#include "latent/nearest_codes.h"
#include "latent/scatter_query.h"
#include "util/view_zoom.h"

using namespace latentlab;

TEST(ViewZoom, TheValueUnderTheCursorStaysUnderIt) {
  double center = 2, half = 4;
  const double at = 5;  // the data value under the mouse
  const double fractionBefore = (at - (center - half)) / (2 * half);
  zoomAbout(center, half, at, 0.8);
  EXPECT_DOUBLE_EQ(half, 3.2);
  EXPECT_NEAR((at - (center - half)) / (2 * half), fractionBefore, 1e-12);
  zoomAbout(center, half, at, 1.25);
  EXPECT_NEAR(center, 2, 1e-12);
  EXPECT_NEAR(half, 4, 1e-12);
}

// Round axis ticks: util/nice_ticks.h, tested in nice_ticks_test.cpp (the loss plot and the scatter share them).

TEST(NearestCodes, MatchesBruteForceAndExcludesItself) {
  std::mt19937 rng(7);
  std::normal_distribution<float> normal;
  const int dims = 5;
  const int64_t count = 500;
  std::vector<float> codes(size_t(count) * dims);
  for (float& v : codes) v = normal(rng);
  const auto near = nearestCodes(codes, dims, 42, 8);
  ASSERT_EQ(near.size(), 8u);
  std::vector<std::pair<float, int64_t>> all;
  for (int64_t i = 0; i < count; ++i) {
    if (i == 42) continue;
    float d = 0;
    for (int j = 0; j < dims; ++j) d += std::pow(codes[size_t(i * dims + j)] - codes[size_t(42 * dims + j)], 2.0f);
    all.emplace_back(d, i);
  }
  std::sort(all.begin(), all.end());
  for (size_t n = 0; n < 8; ++n) EXPECT_EQ(near[n], all[n].second) << "rank " << n;
}

TEST(NearestCodes, KeepsOnlyTheAllowedAndHandlesEdges) {
  // On a line: 0, 1, 2, ..., 9 in one dimension.
  std::vector<float> codes;
  for (int i = 0; i < 10; ++i) codes.push_back(float(i));
  EXPECT_EQ(nearestCodes(codes, 1, 5, 2), (std::vector<int64_t>{4, 6}));  // a tie: the lower index first
  std::vector<bool> keep(10, true);
  keep[4] = keep[6] = false;
  EXPECT_EQ(nearestCodes(codes, 1, 5, 2, keep), (std::vector<int64_t>{3, 7}));
  EXPECT_EQ(nearestCodes(codes, 1, 0, 20).size(), 9u);
  EXPECT_TRUE(nearestCodes(codes, 1, 10, 3).empty());
  EXPECT_TRUE(nearestCodes(codes, 1, -1, 3).empty());
  EXPECT_TRUE(nearestCodes({}, 1, 0, 3).empty());
}

TEST(ScatterQuery, IndicesClassNamesAndLabelNumbers) {
  const std::vector<std::string> names = {"T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
                                          "Sandal",      "Shirt",   "Sneaker",  "Bag",   "Ankle boot"};
  auto q = parseScatterQuery("123", names, 60000);
  EXPECT_EQ(q.kind, ScatterQuery::Point);
  EXPECT_EQ(q.point, 123);
  EXPECT_EQ(parseScatterQuery(" #7 ", names, 60000).point, 7);
  q = parseScatterQuery("Sneaker", names, 60000);
  EXPECT_EQ(q.kind, ScatterQuery::Class);
  EXPECT_EQ(q.label, 7);
  EXPECT_EQ(parseScatterQuery("sneak", names, 60000).label, 7);
  EXPECT_EQ(parseScatterQuery("shirt", names, 60000).label, 6) << "an exact name wins over longer names";
  EXPECT_EQ(parseScatterQuery("label 3", names, 60000).label, 3);
  EXPECT_EQ(parseScatterQuery("Class:9", names, 60000).label, 9);
  EXPECT_EQ(parseScatterQuery("", names, 60000).kind, ScatterQuery::Empty);
}

TEST(ScatterQuery, BadInputSaysWhy) {
  const std::vector<std::string> names = {"square", "ellipse", "triangle", "heart"};
  auto q = parseScatterQuery("70000", names, 60000);
  EXPECT_EQ(q.kind, ScatterQuery::Invalid);
  EXPECT_NE(q.message.find("0 to 59999"), std::string::npos) << q.message;
  q = parseScatterQuery("label 4", names, 100);
  EXPECT_EQ(q.kind, ScatterQuery::Invalid);
  EXPECT_NE(q.message.find("0 to 3"), std::string::npos) << q.message;
  EXPECT_EQ(parseScatterQuery("zebra", names, 100).kind, ScatterQuery::Invalid);
  EXPECT_EQ(parseScatterQuery("99999999999999999999999", names, 100).kind, ScatterQuery::Invalid);
  EXPECT_EQ(parseScatterQuery("label 5", {}, 100).kind, ScatterQuery::Invalid);
  const std::vector<std::string> twins = {"Sandal", "Sandbox"};
  q = parseScatterQuery("sand", twins, 10);
  EXPECT_EQ(q.kind, ScatterQuery::Invalid);
  EXPECT_NE(q.message.find("type more"), std::string::npos);
}

TEST(CategoricalFactor, TheShapesShapeFactorIsItsLabel) {
  const std::vector<int32_t> labels = {0, 2, 1, 3};
  // Two factors per point: shape (equal to the label) and scale.
  const std::vector<float> factors = {0, 0.5f, 2, 0.7f, 1, 0.9f, 3, 0.6f};
  EXPECT_TRUE(factorIsLabel(factors, 2, 0, labels));
  EXPECT_FALSE(factorIsLabel(factors, 2, 1, labels));
  EXPECT_FALSE(factorIsLabel(factors, 2, 2, labels));
  EXPECT_FALSE(factorIsLabel(factors, 2, 0, {}));
  EXPECT_FALSE(factorIsLabel({0, 1}, 2, 0, labels));
}
