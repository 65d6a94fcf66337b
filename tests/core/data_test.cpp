#include "data/dataset.h"

#include <gtest/gtest.h>
#include <stb/stb_image_write.h>
#include <torch/torch.h>
#include <zlib.h>

#include <fstream>

#include "data/idx_reader.h"
#include "test_support.h"
#include "util/error.h"

using namespace latentlab;
namespace fs = std::filesystem;

namespace {

std::string bigEndian(uint32_t v) {
  return {char(v >> 24), char(v >> 16), char(v >> 8), char(v)};
}

std::string idxImages(uint32_t n, uint32_t h, uint32_t w, size_t bodyBytes, uint32_t magic = 0x803) {
  std::string bytes = bigEndian(magic) + bigEndian(n) + bigEndian(h) + bigEndian(w);
  for (size_t i = 0; i < bodyBytes; ++i) bytes.push_back(char(i % 251));
  return bytes;
}

std::string idxLabels(uint32_t n) {
  std::string bytes = bigEndian(0x801) + bigEndian(n);
  for (uint32_t i = 0; i < n; ++i) bytes.push_back(char(i % 10));
  return bytes;
}

void writeGz(const fs::path& path, const std::string& bytes) {
  gzFile f = gzopen(path.c_str(), "wb");
  gzwrite(f, bytes.data(), unsigned(bytes.size()));
  gzclose(f);
}

// Expects loading to fail with a message containing every one of `parts`.
void expectRefused(const std::string& spec, std::initializer_list<const char*> parts, const DataOptions& options = {}) {
  try {
    loadDataset(spec, options);
    FAIL() << spec << " was accepted";
  } catch (const Error& e) {
    for (const char* part : parts) EXPECT_NE(std::string(e.what()).find(part), std::string::npos) << e.what();
  }
}

void writePngFile(const fs::path& path, int w, int h, int channels, uint8_t value) {
  std::vector<uint8_t> pixels(size_t(w) * h * channels, value);
  for (size_t i = 0; i < pixels.size(); i += 7) pixels[i] = uint8_t(255 - value);
  fs::create_directories(path.parent_path());
  ASSERT_TRUE(stbi_write_png(path.c_str(), w, h, channels, pixels.data(), w * channels));
}

}  // namespace

TEST(DataFashionMnist, CountsClassesAndKnownValues) {
  if (defaultDataSpec() != "fashion-mnist") GTEST_SKIP() << "dataset-fashion-mnist is not installed";
  const Dataset data = loadDataset("fashion-mnist");
  EXPECT_EQ(data.train.size(), 60000);
  EXPECT_EQ(data.test.size(), 10000);
  EXPECT_EQ(data.channels(), 1);
  EXPECT_EQ(data.height(), 28);
  ASSERT_EQ(data.classNames.size(), 10u);
  EXPECT_EQ(data.classNames[9], "Ankle boot");
  const std::vector<int64_t> firstTrain{9, 0, 0, 3, 0, 2, 7, 2, 5, 5}, firstTest{9, 2, 1, 1, 6, 1, 4, 6, 5, 7};
  for (int i = 0; i < 10; ++i) {
    EXPECT_EQ(data.train.labels[i].item<int64_t>(), firstTrain[size_t(i)]) << i;
    EXPECT_EQ(data.test.labels[i].item<int64_t>(), firstTest[size_t(i)]) << i;
  }
  // Pixel values checked independently with Python's gzip + struct on the same files.
  EXPECT_EQ(data.train.images[0].sum().item<int64_t>(), 76247);
  EXPECT_EQ(data.train.images[0][0][14][14].item<uint8_t>(), 217);  // image 0, row 14, column 14
  EXPECT_EQ(data.train.images[1][0][14][14].item<uint8_t>(), 204);
  EXPECT_EQ(data.test.images[0].sum().item<int64_t>(), 33456);
  EXPECT_EQ(data.train.images.sum().item<int64_t>(), 3431114169);
  EXPECT_TRUE(data.train.images.is_contiguous());
}

TEST(DataIdx, RawAndGzipAndLabelsLoad) {
  test::TempDir dir;
  test::writeBytes(dir / "train-images-idx3-ubyte", idxImages(20, 5, 4, 400));
  writeGz(dir / "train-labels-idx1-ubyte.gz", idxLabels(20));
  const Dataset data = loadDataset("mnist:" + (dir.path()).string());
  EXPECT_EQ(data.train.size() + data.test.size(), 20);
  EXPECT_EQ(data.test.size(), 2) << "no t10k files: a tenth is held out";
  EXPECT_EQ(data.height(), 5);
  EXPECT_EQ(data.width(), 4);
  EXPECT_EQ(data.train.images[1][0][0][0].item<uint8_t>(), 20);  // byte 20 of the body
  EXPECT_EQ(data.train.labels[3].item<int64_t>(), 3);
  EXPECT_EQ(data.classNames.size(), 10u);
}

TEST(DataIdx, ImagesWithoutLabelsAndAT10kSplit) {
  test::TempDir dir;
  writeGz(dir / "train-images-idx3-ubyte.gz", idxImages(30, 28, 28, 30 * 784));
  writeGz(dir / "t10k-images-idx3-ubyte.gz", idxImages(7, 28, 28, 7 * 784));
  const Dataset data = loadDataset("mnist:" + dir.path().string());
  EXPECT_EQ(data.train.size(), 30);
  EXPECT_EQ(data.test.size(), 7);
  EXPECT_FALSE(data.hasLabels());
}

TEST(DataIdx, BadFilesAreRefusedWithTheFileAndTheReason) {
  test::TempDir dir;
  const std::string spec = "mnist:" + dir.path().string();
  const fs::path images = dir / "train-images-idx3-ubyte";
  test::writeBytes(images, idxImages(1000, 28, 28, 1000));
  expectRefused(spec, {"train-images-idx3-ubyte", "truncated", "1000 images of 28x28"});
  test::writeBytes(images, idxImages(2, 28, 28, 2 * 784, 0x804));
  expectRefused(spec, {"train-images-idx3-ubyte", "magic number"});
  test::writeBytes(images, idxImages(0, 28, 28, 0));
  expectRefused(spec, {"zero dimension"});
  test::writeBytes(images, idxImages(100000, 100000, 100000, 16));
  expectRefused(spec, {"absurd"});
  test::writeBytes(images, idxImages(2, 3, 3, 2 * 9 + 5));
  expectRefused(spec, {"more data than its header"});
  test::writeBytes(images, "\x00\x00");
  expectRefused(spec, {"truncated"});
  test::writeBytes(images, idxImages(4, 3, 3, 36));
  test::writeBytes(dir / "train-labels-idx1-ubyte", idxLabels(5));
  expectRefused(spec, {"5 labels", "4 images"});
  fs::remove(dir / "train-labels-idx1-ubyte");
  fs::remove(images);
  expectRefused(spec, {"train-images-idx3-ubyte"});
  expectRefused("mnist:" + (dir / "absent").string(), {"not found", "absent"});
}

TEST(DataIdx, CorruptGzipIsRefused) {
  test::TempDir dir;
  writeGz(dir / "train-images-idx3-ubyte.gz", idxImages(50, 28, 28, 50 * 784));
  std::string bytes;
  {
    std::ifstream in(dir / "train-images-idx3-ubyte.gz", std::ios::binary);
    bytes.assign(std::istreambuf_iterator<char>(in), {});
  }
  for (size_t i = 40; i < bytes.size() - 10; i += 3) bytes[i] = char(bytes[i] ^ 0x5a);
  test::writeBytes(dir / "train-images-idx3-ubyte.gz", bytes);
  expectRefused("mnist:" + dir.path().string(), {"train-images-idx3-ubyte.gz"});
  test::writeBytes(dir / "train-images-idx3-ubyte.gz", bytes.substr(0, 60));
  expectRefused("mnist:" + dir.path().string(), {"train-images-idx3-ubyte.gz"});
}

TEST(DataFolder, MixedSizesColoursAndNestedClasses) {
  test::TempDir dir;
  for (int i = 0; i < 12; ++i) {
    writePngFile(dir / "cats" / ("c" + std::to_string(i) + ".png"), 40 + i, 30, 3, uint8_t(10 * i));
    writePngFile(dir / "dogs" / "deeper" / ("d" + std::to_string(i) + ".png"), 20, 20 + i, 1, uint8_t(200 - i));
  }
  test::writeBytes(dir / "dogs" / "notes.txt", "not an image");
  const Dataset data = loadDataset("folder:" + dir.path().string());
  EXPECT_EQ(data.train.size() + data.test.size(), 24);
  EXPECT_GE(data.test.size(), 1);
  EXPECT_EQ(data.channels(), 3) << "any colour image makes the set RGB";
  EXPECT_EQ(data.height(), 64) << "sources above 32 px default to 64";
  ASSERT_EQ(data.classNames, (std::vector<std::string>{"cats", "dogs"}));
  EXPECT_EQ(data.skippedFiles, 1);
  ASSERT_EQ(data.skipReasons.size(), 1u);
  EXPECT_NE(data.skipReasons[0].find("notes.txt"), std::string::npos);
  const auto all = torch::cat({data.train.labels, data.test.labels});
  EXPECT_EQ(all.eq(0).sum().item<int64_t>(), 12);
  EXPECT_EQ(all.eq(1).sum().item<int64_t>(), 12);

  DataOptions gray;
  gray.channels = 1;
  gray.size = 16;
  const Dataset small = loadDataset("folder:" + dir.path().string(), gray);
  EXPECT_EQ(small.channels(), 1);
  EXPECT_EQ(small.height(), 16);
}

TEST(DataFolder, BadFoldersAndHugeHeadersAreRefused) {
  test::TempDir dir;
  expectRefused("folder:" + (dir / "missing").string(), {"not found"});
  fs::create_directory(dir / "empty");
  expectRefused("folder:" + (dir / "empty").string(), {"holds no files"});
  fs::create_directory(dir / "junk");
  test::writeBytes(dir / "junk" / "a.png", "\x89PNG\r\n\x1a\n broken");
  // A real PNG header claiming 100000 x 100000 pixels, without the pixels.
  std::string header("\x89PNG\r\n\x1a\n\x00\x00\x00\x0dIHDR", 16);
  header += bigEndian(100000) + bigEndian(100000) + std::string("\x08\x00\x00\x00\x00", 5) + "CRC!";
  test::writeBytes(dir / "junk" / "huge.png", header);
  try {
    loadDataset("folder:" + (dir / "junk").string());
    FAIL();
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("no readable image"), std::string::npos) << e.what();
  }
  writePngFile(dir / "junk" / "ok.png", 10, 10, 1, 50);
  writePngFile(dir / "junk" / "ok2.png", 10, 10, 1, 90);
  const Dataset data = loadDataset("folder:" + (dir / "junk").string());
  EXPECT_EQ(data.skippedFiles, 2);
  bool hugeRefused = false;
  for (const auto& reason : data.skipReasons)
    hugeRefused |= reason.find("huge.png") != std::string::npos &&
                   (reason.find("too large") != std::string::npos || reason.find("absurd") != std::string::npos);
  EXPECT_TRUE(hugeRefused) << data.skipReasons[0] << " | " << data.skipReasons.back();
}

TEST(DataShapes, DeterministicWithFactorsInRange) {
  DataOptions options;
  options.shapesCount = 600;
  const Dataset a = loadDataset("shapes", options), b = loadDataset("shapes", options);
  EXPECT_TRUE(torch::equal(a.train.images, b.train.images));
  EXPECT_EQ(a.train.size() + a.test.size(), 600);
  EXPECT_EQ(a.height(), 64);
  ASSERT_EQ(a.factorNames.size(), 5u);
  ASSERT_EQ(a.classNames.size(), 4u);
  const auto f = a.train.factors;
  EXPECT_GE(f.select(1, 1).min().item<float>(), 0.5f);
  EXPECT_LE(f.select(1, 1).max().item<float>(), 1.0f);
  EXPECT_TRUE(torch::equal(f.select(1, 0).to(torch::kLong), a.train.labels));
  for (int64_t shape = 0; shape < 4; ++shape) EXPECT_GT(a.train.labels.eq(shape).sum().item<int64_t>(), 80);
  // Every sprite drew something, and not everything.
  const auto ink = a.train.images.to(torch::kFloat32).mean({1, 2, 3});
  EXPECT_GT(ink.min().item<float>(), 1.0f);
  EXPECT_LT(ink.max().item<float>(), 128.0f);
  options.seed = 99;
  EXPECT_FALSE(torch::equal(loadDataset("shapes", options).train.images, a.train.images));
}

TEST(DataSpecs, UnknownSpecsListTheValidForms) {
  expectRefused("imagenet", {"fashion-mnist", "mnist:DIR", "folder:DIR", "shapes"});
  expectRefused("folder:", {"folder:DIR"});
}

TEST(DataBatch, BatchToFloatGathersAndScales) {
  const auto images = torch::arange(0, 4 * 2 * 2, torch::kLong).to(torch::kUInt8).reshape({4, 1, 2, 2}) * 10;
  const auto batch = batchToFloat(images, torch::tensor({3, 1}, torch::kLong));
  EXPECT_EQ(batch.sizes(), (std::vector<int64_t>{2, 1, 2, 2}));
  EXPECT_EQ(batch.scalar_type(), torch::kFloat32);
  EXPECT_NEAR(batch[0][0][0][0].item<float>(), 120.0f / 255.0f, 1e-6);
  EXPECT_NEAR(batch[1][0][1][1].item<float>(), 70.0f / 255.0f, 1e-6);
}
