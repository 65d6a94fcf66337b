// folder:DIR: mixed sizes and colour types, nested class folders, unreadable and absurd files, progress, cancel.
#include <torch/torch.h>

#include <atomic>

#include "data_test_util.h"
#include "test_support.h"

using namespace latentlab;
using namespace latentlab::test;
namespace fs = std::filesystem;

namespace {

// A PNG signature and IHDR chunk claiming w x h pixels, with no pixel data behind it.
std::string pngHeaderOnly(uint32_t w, uint32_t h) {
  std::string header("\x89PNG\r\n\x1a\n\x00\x00\x00\x0dIHDR", 16);
  return header + bigEndian(w) + bigEndian(h) + std::string("\x08\x00\x00\x00\x00", 5) + "CRC!";
}

}  // namespace

TEST(DataFolder, MixedSizesColoursAndNestedClasses) {
  TempDir dir;
  for (int i = 0; i < 12; ++i) {
    writePng(dir / "cats" / ("c" + std::to_string(i) + ".png"), 40 + i, 30, 3, uint8_t(10 * i));
    writePng(dir / "dogs" / "deeper" / ("d" + std::to_string(i) + ".png"), 20, 20 + i, i % 2 ? 1 : 2, uint8_t(200 - i));
    writePng(dir / "owls" / ("o" + std::to_string(i) + ".png"), 8 + i, 8, 4, uint8_t(5 * i));
  }
  writeBytes(dir / "dogs" / "notes.txt", "not an image");
  fs::create_directories(dir / ".git");
  writeBytes(dir / ".git" / "HEAD", "ref: refs/heads/main");
  fs::create_symlink(dir / "nowhere.png", dir / "cats" / "a-broken-link.png");
  const Dataset data = loadDataset("folder:" + dir.path().string());
  EXPECT_EQ(data.train.size() + data.test.size(), 36);
  EXPECT_GE(data.test.size(), 1);
  EXPECT_EQ(data.channels(), 3) << "any colour image makes the set RGB";
  EXPECT_EQ(data.height(), 64) << "sources above 32 px default to 64";
  EXPECT_EQ(data.width(), 64);
  ASSERT_EQ(data.classNames, (std::vector<std::string>{"cats", "dogs", "owls"}));
  EXPECT_EQ(data.skippedFiles, 2) << "the broken link and notes.txt; the hidden .git folder is not searched";
  ASSERT_EQ(data.skipReasons.size(), 2u);
  EXPECT_NE(data.skipReasons[0].find("a-broken-link.png: a broken symbolic link"), std::string::npos)
      << data.skipReasons[0];
  EXPECT_NE(data.skipReasons[1].find("notes.txt"), std::string::npos) << data.skipReasons[1];
  const auto all = torch::cat({data.train.labels, data.test.labels});
  for (int64_t c = 0; c < 3; ++c) EXPECT_EQ(all.eq(c).sum().item<int64_t>(), 12) << c;
  EXPECT_EQ(data.train.labels.size(0), data.train.size());
  EXPECT_TRUE(data.train.images.is_contiguous());

  // Loading again gives the same images in the same order.
  const Dataset again = loadDataset("folder:" + dir.path().string());
  EXPECT_TRUE(torch::equal(again.train.images, data.train.images));
  EXPECT_TRUE(torch::equal(again.test.labels, data.test.labels));

  DataOptions gray;
  gray.channels = 1;
  gray.size = 16;
  const Dataset small = loadDataset("folder:" + dir.path().string(), gray);
  EXPECT_EQ(small.channels(), 1);
  EXPECT_EQ(small.height(), 16);
  EXPECT_EQ(small.train.size(), data.train.size());
}

TEST(DataFolder, SmallGraySourcesDefaultTo28AndKeepTheirValues) {
  TempDir dir;
  for (int i = 0; i < 20; ++i) {
    std::vector<uint8_t> flat(16 * 16, uint8_t(100 + i));
    ASSERT_TRUE(stbi_write_png((dir / ("f" + std::to_string(i) + ".png")).c_str(), 16, 16, 1, flat.data(), 16));
  }
  const Dataset data = loadDataset("folder:" + dir.path().string());
  EXPECT_EQ(data.channels(), 1);
  EXPECT_EQ(data.height(), 28);
  EXPECT_FALSE(data.hasLabels()) << "no subfolders, no labels";
  // A flat image stays flat through the resize.
  const auto first = data.train.images[0];
  EXPECT_EQ(first.min().item<uint8_t>(), first.max().item<uint8_t>());
  EXPECT_GE(first.min().item<uint8_t>(), 100);
  EXPECT_LT(first.max().item<uint8_t>(), 120);
}

TEST(DataFolder, CentreCropKeepsTheMiddleOfWideImages) {
  TempDir dir;
  // 30 x 10: left third black, middle third white, right third black. The centre square is all white.
  std::vector<uint8_t> pixels(30 * 10, 0);
  for (int y = 0; y < 10; ++y)
    for (int x = 10; x < 20; ++x) pixels[size_t(y * 30 + x)] = 255;
  ASSERT_TRUE(stbi_write_png((dir / "a.png").c_str(), 30, 10, 1, pixels.data(), 30));
  ASSERT_TRUE(stbi_write_png((dir / "b.png").c_str(), 30, 10, 1, pixels.data(), 30));
  const Dataset data = loadDataset("folder:" + dir.path().string());
  EXPECT_EQ(data.train.images[0].min().item<uint8_t>(), 255);
}

TEST(DataFolder, TopLevelFilesBesideClassFoldersGetTheirOwnClass) {
  TempDir dir;
  for (int i = 0; i < 5; ++i) {
    writePng(dir / "a" / (std::to_string(i) + ".png"), 10, 10, 1, 20);
    writePng(dir / (std::to_string(i) + ".png"), 10, 10, 1, 200);
  }
  const Dataset data = loadDataset("folder:" + dir.path().string());
  ASSERT_EQ(data.classNames, (std::vector<std::string>{"a", "(top level)"}));
  const auto all = torch::cat({data.train.labels, data.test.labels});
  EXPECT_EQ(all.eq(1).sum().item<int64_t>(), 5);
}

TEST(DataFolder, NoReadableImageIsRefused) {
  TempDir dir;
  writeBytes(dir / "a.png", "\x89PNG\r\n\x1a\n broken");
  writeBytes(dir / "b.jpg", "not a jpeg");
  expectRefused("folder:" + dir.path().string(), {dir.path().string(), "no readable image among 2 files"});
  fs::create_directory(dir / "empty");
  expectRefused("folder:" + (dir / "empty").string(), {"holds no files"});
}

TEST(DataFolder, NonexistentPathIsRefused) {
  TempDir dir;
  expectRefused("folder:" + (dir / "missing").string(), {(dir / "missing").string(), "not found"});
  writeBytes(dir / "file.png", "x");
  expectRefused("folder:" + (dir / "file.png").string(), {"is a file"});
}

TEST(DataFolder, HugePngHeaderIsRefusedWithoutDecoding) {
  TempDir dir;
  writeBytes(dir / "huge.png", pngHeaderOnly(100000, 100000));
  expectRefused("folder:" + dir.path().string(), {"no readable image", "huge.png", "100000x100000", "absurd"});
  writePng(dir / "ok.png", 10, 10, 1, 50);
  writePng(dir / "ok2.png", 10, 10, 1, 90);
  const Dataset data = loadDataset("folder:" + dir.path().string());
  EXPECT_EQ(data.train.size() + data.test.size(), 2);
  EXPECT_EQ(data.height(), 28) << "the refused header does not count towards the default size";
  EXPECT_EQ(data.skippedFiles, 1);
  ASSERT_EQ(data.skipReasons.size(), 1u);
  EXPECT_NE(data.skipReasons[0].find("huge.png: the header claims 100000x100000"), std::string::npos)
      << data.skipReasons[0];
  EXPECT_NE(describeDataset(data).find("huge.png"), std::string::npos);
}

TEST(DataFolder, BadOptionsAreRefused) {
  TempDir dir;
  writePng(dir / "ok.png", 10, 10, 1, 50);
  DataOptions options;
  options.channels = 2;
  expectRefused("folder:" + dir.path().string(), {"channels must be 1"}, options);
  options.channels = 0;
  options.size = 100000;
  expectRefused("folder:" + dir.path().string(), {"size must be between"}, options);
}

TEST(DataFolder, BigFoldersReportProgressAndCanBeCancelled) {
  TempDir dir;
  for (int i = 0; i < 240; ++i) writePng(dir / ("i" + std::to_string(i) + ".png"), 12, 12, 1, uint8_t(i));
  std::atomic<int> calls{0};
  float last = -1.0f;
  bool monotonic = true;
  DataOptions options;
  options.onProgress = [&](float progress, const std::string&) {
    ++calls;
    monotonic = monotonic && progress >= last;
    last = progress;
  };
  const Dataset data = loadDataset("folder:" + dir.path().string(), options);
  EXPECT_EQ(data.train.size() + data.test.size(), 240);
  EXPECT_GE(calls.load(), 3) << "headers, decoding, done";
  EXPECT_TRUE(monotonic);
  EXPECT_FLOAT_EQ(last, 1.0f);
  // The holdout is about a tenth.
  EXPECT_GT(data.test.size(), 10);
  EXPECT_LT(data.test.size(), 45);

  std::atomic<bool> cancel{true};
  DataOptions cancelled;
  cancelled.cancel = &cancel;
  expectRefused("folder:" + dir.path().string(), {"cancelled"}, cancelled);
}
