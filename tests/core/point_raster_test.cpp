// The scatter's CPU image (latent/point_raster.h) and the latest-wins worker that draws it off the frame loop.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <cmath>
#include <limits>
#include <thread>
#include <vector>

#include "latent/point_raster.h"
#include "util/latest_wins_worker.h"

namespace latentlab {
namespace {

struct Rgb {
  int r, g, b;
};
Rgb at(const RasterImage& image, int x, int y) {
  const uint32_t v = image.rgba[size_t(y) * size_t(image.width) + size_t(x)];
  return {int(v & 0xff), int(v >> 8 & 0xff), int(v >> 16 & 0xff)};
}
const Rgb kBackground{int(std::lround(kScatterBackground[0] * 255)), int(std::lround(kScatterBackground[1] * 255)),
                      int(std::lround(kScatterBackground[2] * 255))};

TEST(PointRaster, APointColoursThePixelsUnderItAndNothingElse) {
  const ScatterView view{0, 0, 1, 1};  // x and y from -1 to 1
  RasterImage image;
  ASSERT_TRUE(rasterizePoints({{0.5f, 0.5f, 1, 0, 0}}, view, 100, 80, 4, image));
  ASSERT_EQ(image.rgba.size(), 100u * 80u);
  EXPECT_FALSE(image.density);
  // (0.5, 0.5) is three quarters across and one quarter down: +y is up, row 0 at the top.
  const Rgb centre = at(image, 75, 20);
  EXPECT_GT(centre.r, 180);
  EXPECT_LT(centre.g, 40);
  const Rgb mirrored = at(image, 75, 60);
  EXPECT_EQ(mirrored.r, kBackground.r);
  EXPECT_EQ(at(image, 0, 0).g, kBackground.g);
  int lit = 0;
  for (int y = 0; y < 80; ++y)
    for (int x = 0; x < 100; ++x) lit += at(image, x, y).r != kBackground.r;
  EXPECT_GE(lit, 9);  // a disc of 4 pixels across
  EXPECT_LE(lit, 16);
}

// The image is summed in bands of 32 rows: a disc across a band's edge must be drawn whole, in both bands.
TEST(PointRaster, ADiscAcrossTheEdgeOfTwoBandsIsDrawnWhole) {
  const ScatterView view{0, 0, 1, 1};
  for (const int row : {31, 32, 63, 64}) {
    RasterImage image;
    const float y = 1.0f - (float(row) + 0.5f) / 40.0f;  // the centre of pixel row `row`, 80 rows from 1 to -1
    ASSERT_TRUE(rasterizePoints({{0.0f, y, 1, 0, 0}}, view, 100, 80, 9, image));
    EXPECT_FALSE(image.density);
    for (int d = 1; d <= 4; ++d) {
      EXPECT_EQ(at(image, 50, row - d).r, at(image, 50, row + d).r) << "row " << row << ", " << d << " up and down";
      EXPECT_NE(at(image, 50, row + d).r, kBackground.r) << "row " << row << " + " << d;
    }
  }
}

TEST(PointRaster, OverlappingPointsGrowOpaqueAndMixTheirColours) {
  const ScatterView view{0, 0, 1, 1};
  std::vector<ScatterPoint> one{{0, 0, 0, 0, 1}}, six(6, ScatterPoint{0, 0, 0, 0, 1});
  std::vector<ScatterPoint> mixed = six;
  mixed.push_back({0, 0, 0, 1, 0});
  mixed.push_back({0, 0, 0, 1, 0});
  RasterImage a, b, c;
  rasterizePoints(one, view, 50, 50, 2, a);
  rasterizePoints(six, view, 50, 50, 2, b);
  rasterizePoints(mixed, view, 50, 50, 2, c);
  EXPECT_GT(at(b, 25, 25).b, at(a, 25, 25).b) << "more points, less background";
  EXPECT_GT(at(c, 25, 25).g, at(b, 25, 25).g + 40) << "the green points show in the mix";
  EXPECT_LT(at(c, 25, 25).b, at(b, 25, 25).b);
}

TEST(PointRaster, ThePointsOrderDoesNotChangeTheImage) {
  std::vector<ScatterPoint> points;
  for (int i = 0; i < 500; ++i) points.push_back({std::sin(i * 0.37f), std::cos(i * 0.11f), (i % 3) / 2.0f, 0.5f, 1});
  std::vector<ScatterPoint> reversed(points.rbegin(), points.rend());
  RasterImage a, b;
  rasterizePoints(points, {0, 0, 1.2f, 1.2f}, 64, 64, 4, a);
  rasterizePoints(reversed, {0, 0, 1.2f, 1.2f}, 64, 64, 4, b);
  int different = 0;
  for (size_t i = 0; i < a.rgba.size(); ++i) {
    for (int shift = 0; shift < 24; shift += 8)
      different += std::abs(int(a.rgba[i] >> shift & 0xff) - int(b.rgba[i] >> shift & 0xff)) > 1;
  }
  EXPECT_EQ(different, 0);
}

TEST(PointRaster, FarMorePointsThanPixelsDrawOnePixelEachAndSkipWhatCannotBePlaced) {
  std::vector<ScatterPoint> points(200000, ScatterPoint{0.1f, 0.1f, 1, 1, 1});
  points[5].x = std::numeric_limits<float>::quiet_NaN();
  points[6].y = std::numeric_limits<float>::infinity();
  points[7].x = 1e30f;
  RasterImage image;
  ASSERT_TRUE(rasterizePoints(points, {0, 0, 1, 1}, 40, 40, 2, image));
  EXPECT_TRUE(image.density);
  int lit = 0;
  for (int y = 0; y < 40; ++y)
    for (int x = 0; x < 40; ++x) lit += at(image, x, y).r != kBackground.r;
  EXPECT_EQ(lit, 1);
}

TEST(PointRaster, ACancelledImageSaysSo) {
  std::vector<ScatterPoint> points(300000, ScatterPoint{0, 0, 1, 1, 1});
  std::atomic<bool> cancel{true};
  RasterImage image;
  EXPECT_FALSE(rasterizePoints(points, {0, 0, 1, 1}, 100, 100, 2, image, &cancel));
}

TEST(LatestWinsWorker, OnlyTheNewestWaitingJobRunsAndItsResultIsPublished) {
  std::atomic<bool> release{false};
  std::atomic<int> ran{0};
  LatestWinsWorker<int, int> worker(
      [&](int& job, const std::atomic<bool>&) {
        while (job == 1 && !release) std::this_thread::sleep_for(std::chrono::milliseconds(1));
        ++ran;
        return std::make_shared<const int>(job * 10);
      },
      Submitted::Waits);
  worker.submit(1);
  std::this_thread::sleep_for(std::chrono::milliseconds(50));  // job 1 is running
  worker.submit(2);
  worker.submit(3);
  const uint64_t last = worker.submit(4);
  release = true;
  worker.waitIdle();
  EXPECT_EQ(ran.load(), 2) << "job 1, then only the newest of those that waited";
  const auto out = worker.latest();
  EXPECT_EQ(out.ticket, last);
  ASSERT_TRUE(out.result);
  EXPECT_EQ(*out.result, 40);
}

TEST(LatestWinsWorker, ANewJobCancelsTheRunningOneWhenAskedTo) {
  std::atomic<bool> started{false};
  LatestWinsWorker<int, int> worker([&](int& job, const std::atomic<bool>& cancel) -> std::shared_ptr<const int> {
    if (job == 1) {
      started = true;
      const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
      while (!cancel && std::chrono::steady_clock::now() < deadline)
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
      if (cancel) return nullptr;
    }
    return std::make_shared<const int>(job);
  });
  worker.submit(1);
  while (!started) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  const auto start = std::chrono::steady_clock::now();
  const uint64_t second = worker.submit(2);
  worker.waitIdle();
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(10));
  EXPECT_EQ(worker.latest().ticket, second);
  EXPECT_EQ(*worker.latest().result, 2);
}

}  // namespace
}  // namespace latentlab
