// shapes: deterministic sprites whose factors are in range and agree with the pixels.
#include <torch/torch.h>

#include <chrono>

#include "data/shapes.h"
#include "data_test_util.h"

using namespace latentlab;

namespace {

Dataset shapes(int64_t count, uint64_t seed = 1234) {
  DataOptions options;
  options.shapesCount = count;
  options.seed = seed;
  return loadDataset("shapes", options);
}

}  // namespace

TEST(DataShapes, SameSeedSameImagesOtherSeedOthers) {
  const Dataset a = shapes(600), b = shapes(600);
  EXPECT_TRUE(torch::equal(a.train.images, b.train.images));
  EXPECT_TRUE(torch::equal(a.test.factors, b.test.factors));
  EXPECT_FALSE(torch::equal(shapes(600, 99).train.images, a.train.images));
}

TEST(DataShapes, LayoutClassesAndFactorRanges) {
  const Dataset a = shapes(2000);
  EXPECT_EQ(a.train.size() + a.test.size(), 2000);
  EXPECT_GT(a.test.size(), 100);
  EXPECT_EQ(a.channels(), 1);
  EXPECT_EQ(a.height(), kShapesSide);
  EXPECT_EQ(a.width(), kShapesSide);
  EXPECT_EQ(a.factorNames, (std::vector<std::string>{"shape", "scale", "rotation", "x", "y"}));
  EXPECT_EQ(a.classNames, (std::vector<std::string>{"square", "ellipse", "triangle", "heart"}));
  ASSERT_EQ(a.train.factors.sizes(), (std::vector<int64_t>{a.train.size(), 5}));
  EXPECT_EQ(a.train.factors.scalar_type(), torch::kFloat32);
  const auto f = torch::cat({a.train.factors, a.test.factors});
  auto expectRange = [&](int column, float low, float high) {
    EXPECT_GE(f.select(1, column).min().item<float>(), low) << a.factorNames[size_t(column)];
    EXPECT_LE(f.select(1, column).max().item<float>(), high) << a.factorNames[size_t(column)];
  };
  expectRange(1, 0.5f, 1.0f);
  expectRange(2, 0.0f, 6.2832f);
  expectRange(3, 0.3f, 0.7f);
  expectRange(4, 0.3f, 0.7f);
  EXPECT_TRUE(torch::equal(a.train.factors.select(1, 0).to(torch::kLong), a.train.labels));
  for (int64_t shape = 0; shape < 4; ++shape) EXPECT_GT(a.train.labels.eq(shape).sum().item<int64_t>(), 300);
  // Every sprite drew something, none filled the frame, and edges are anti-aliased (values between 0 and 255).
  const auto ink = a.train.images.to(torch::kFloat32).mean({1, 2, 3});
  EXPECT_GT(ink.min().item<float>(), 1.0f);
  EXPECT_LT(ink.max().item<float>(), 128.0f);
  const auto grey = a.train.images.gt(0).logical_and(a.train.images.lt(255)).sum().item<int64_t>();
  EXPECT_GT(grey, a.train.size() * 10);
}

TEST(DataShapes, PixelsFollowTheFactors) {
  const Dataset a = shapes(400);
  for (int64_t i = 0; i < 50; ++i) {
    // The centre of ink is where the x and y factors say (within a few pixels: hearts and triangles are not
    // symmetric about their centre).
    const auto image = a.train.images[i][0].to(torch::kFloat32);
    const float total = image.sum().item<float>();
    const auto coords = torch::arange(kShapesSide, torch::kFloat32);
    const float cx = (image.sum(0) * coords).sum().item<float>() / total / kShapesSide;
    const float cy = (image.sum(1) * coords).sum().item<float>() / total / kShapesSide;
    EXPECT_NEAR(cx, a.train.factors[i][3].item<float>(), 0.08f) << i;
    EXPECT_NEAR(cy, a.train.factors[i][4].item<float>(), 0.08f) << i;
  }
  // Bigger scale, more ink (same shape).
  const auto squares = a.train.labels.eq(0).nonzero().flatten();
  const auto scale = a.train.factors.index_select(0, squares).select(1, 1);
  const auto ink = a.train.images.index_select(0, squares).to(torch::kFloat32).sum({1, 2, 3});
  const auto order = scale.argsort();
  EXPECT_LT(ink[order[0]].item<float>(), ink[order[-1]].item<float>());
}

TEST(DataShapes, DefaultSizeIsQuick) {
  const auto start = std::chrono::steady_clock::now();
  const Dataset a = loadDataset("shapes");
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::printf("shapes: %lld + %lld images in %.2f s\n", (long long)a.train.size(), (long long)a.test.size(), seconds);
  EXPECT_EQ(a.train.size(), 20000);
  EXPECT_EQ(a.test.size(), 2000);
  EXPECT_LT(seconds, 10.0);
}

TEST(DataShapes, BadCountsAreRefused) {
  DataOptions options;
  options.shapesCount = 3;
  test::expectRefused("shapes", {"shapes", "between"}, options);
}
