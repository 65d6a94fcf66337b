// fashion-mnist: counts, class names, and pixels and labels checked against values computed independently
// (Python's gzip + struct on the same Debian files), not against this reader.
#include <torch/torch.h>

#include <chrono>

#include "data/idx_dataset.h"
#include "data_test_util.h"

using namespace latentlab;

TEST(DataFashionMnist, CountsClassesAndKnownValues) {
  if (!fashionMnistInstalled()) GTEST_SKIP() << "dataset-fashion-mnist is not installed";
  const auto start = std::chrono::steady_clock::now();
  const Dataset data = loadDataset("fashion-mnist");
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::printf("Fashion-MNIST loaded in %.2f s\n", seconds);
  EXPECT_EQ(data.name, "Fashion-MNIST");
  EXPECT_EQ(data.train.size(), 60000);
  EXPECT_EQ(data.test.size(), 10000);
  EXPECT_EQ(data.channels(), 1);
  EXPECT_EQ(data.height(), 28);
  EXPECT_EQ(data.width(), 28);
  EXPECT_EQ(data.classNames, (std::vector<std::string>{"T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal",
                                                       "Shirt", "Sneaker", "Bag", "Ankle boot"}));
  const std::vector<int64_t> firstTrain{9, 0, 0, 3, 0, 2, 7, 2, 5, 5}, firstTest{9, 2, 1, 1, 6, 1, 4, 6, 5, 7};
  for (int i = 0; i < 10; ++i) {
    EXPECT_EQ(data.train.labels[i].item<int64_t>(), firstTrain[size_t(i)]) << i;
    EXPECT_EQ(data.test.labels[i].item<int64_t>(), firstTest[size_t(i)]) << i;
  }
  EXPECT_EQ(data.train.labels[59999].item<int64_t>(), 5);
  EXPECT_EQ(data.test.labels[9999].item<int64_t>(), 5);
  for (int64_t c = 0; c < 10; ++c) EXPECT_EQ(data.train.labels.eq(c).sum().item<int64_t>(), 6000) << c;

  EXPECT_EQ(data.train.images[0].sum().item<int64_t>(), 76247);
  EXPECT_EQ(data.train.images[0][0][14][14].item<uint8_t>(), 217);  // image 0, row 14, column 14
  EXPECT_EQ(data.train.images[1][0][14][14].item<uint8_t>(), 204);
  EXPECT_EQ(data.train.images[59999].sum().item<int64_t>(), 16684);
  EXPECT_EQ(data.train.images.sum().item<int64_t>(), 3431114169);
  EXPECT_EQ(data.test.images[0].sum().item<int64_t>(), 33456);
  EXPECT_EQ(data.test.images[9999][0][20][10].item<uint8_t>(), 57);
  EXPECT_EQ(data.test.images.sum().item<int64_t>(), 573469082);
  EXPECT_TRUE(data.train.images.is_contiguous());
  EXPECT_EQ(data.memoryBytes(), 70000 * 784 + 70000 * 8);
}

TEST(DataFashionMnist, IsTheDefaultWhenInstalled) {
  EXPECT_EQ(defaultDataSpec(), fashionMnistInstalled() ? "fashion-mnist" : "shapes");
}
