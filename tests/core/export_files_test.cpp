// What the exports write: the loss CSV with test loss and events (lossExportCsv), and one magnification for every
// exported PNG, decided by the size of one data image (io/magnify.h).
#include <gtest/gtest.h>

#include <sstream>

#include "io/magnify.h"
#include "latent/latent_decoder.h"
#include "train/metrics_csv.h"

using namespace latentlab;

namespace {

std::vector<std::string> lines(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) out.push_back(line);
  return out;
}

}  // namespace

TEST(LossExportCsv, CarriesTestLossAndEvents) {
  MetricsHistory history({"loss", "recon", "kl"});
  for (int64_t step = 1; step <= 4; ++step) {
    const float row[3] = {float(step), 0.5f, 0.25f};
    history.append(step, row);
  }
  const std::vector<EpochMetric> epochs = {{2, 1, 3.5f, 4.5f}, {4, 2, 2.5f, 3.25f}};
  const std::vector<TrainingEvent> events = {{3, "lr 0.001000 -> 0.000500"},
                                             {3, "beta 1.0000 -> 2.0000"},
                                             {6, "paused, \"really\""}};
  const auto rows = lines(lossExportCsv(history, epochs, events));
  ASSERT_EQ(rows.size(), 6u);
  EXPECT_EQ(rows[0], "step,loss,recon,kl,test_loss,event");
  EXPECT_EQ(rows[1], "1,1,0.5,0.25,,");
  EXPECT_EQ(rows[2], "2,2,0.5,0.25,4.5,");
  EXPECT_EQ(rows[3], "3,3,0.5,0.25,,lr 0.001000 -> 0.000500; beta 1.0000 -> 2.0000");
  EXPECT_EQ(rows[4], "4,4,0.5,0.25,3.25,");
  EXPECT_EQ(rows[5], "6,,,,,\"paused, \"\"really\"\"\"");  // a step with no loss row gets a row of its own
}

TEST(LossExportCsv, EventsBeforeTheFirstRowKeepStepOrder) {
  MetricsHistory history({"d_loss", "g_loss"});
  const float row[2] = {1, 2};
  history.append(5, row);
  const auto rows = lines(lossExportCsv(history, {}, {{0, "resumed"}}));
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(rows[1], "0,,,,resumed");
  EXPECT_EQ(rows[2], "5,1,2,,");
}

TEST(ExportMagnification, FollowsOneDataImageNotTheWholePng) {
  EXPECT_EQ(exportMagnification(28, 28), 9);  // Fashion-MNIST: 252 px
  EXPECT_EQ(exportMagnification(64, 48), 5);
  EXPECT_EQ(exportMagnification(300, 300), 1);
  EXPECT_EQ(exportMagnification(0, 0), 1);
  // The single image, an 8x8 sample grid and a 10-image strip of 28x28 images: the same factor, so each data
  // image in them comes out at the same size (samples.png and the strip were magnified differently before).
  const Image one(28, 28, 1);
  const Image grid = makeGrid(std::vector<Image>(64, one), 8);
  const Image strip = makeGrid(std::vector<Image>(10, one), 10);
  const int factor = exportMagnification(28, 28);
  EXPECT_EQ(magnify(one, factor).width, 252);
  EXPECT_EQ(magnify(grid, factor).width, grid.width * 9);
  EXPECT_EQ(magnify(strip, factor).height, (28 + 2 * 2) * 9);  // the image and makeGrid's 2-pixel edges
}

TEST(Magnify, CopiesEachPixelIntoABlock) {
  Image image(2, 1, 3);
  image.pixels = {1, 2, 3, 4, 5, 6};
  const Image big = magnify(image, 2);
  ASSERT_EQ(big.width, 4);
  ASSERT_EQ(big.height, 2);
  EXPECT_EQ(big.pixels, (std::vector<uint8_t>{1, 2, 3, 1, 2, 3, 4, 5, 6, 4, 5, 6, 1, 2, 3, 1, 2, 3, 4, 5, 6, 4, 5, 6}));
}
