// mnist:DIR: raw and gzip IDX files, splits, labels, and every kind of bad file refused with its name and reason.
#include <torch/torch.h>

#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <fstream>

#include "data/idx_reader.h"
#include "data_test_util.h"
#include "test_support.h"

using namespace latentlab;
using namespace latentlab::test;
namespace fs = std::filesystem;

namespace {

std::string mnistSpec(const TempDir& dir) { return "mnist:" + dir.path().string(); }

}  // namespace

TEST(DataIdx, RawImagesAndGzipLabelsLoad) {
  TempDir dir;
  writeBytes(dir / "train-images-idx3-ubyte", idxImages(20, 5, 4, 400));
  writeBytes(dir / "train-labels-idx1-ubyte.gz", gzipBytes(idxLabels(20)));
  const Dataset data = loadDataset(mnistSpec(dir));
  EXPECT_EQ(data.train.size(), 18);
  EXPECT_EQ(data.test.size(), 2) << "no t10k files: every tenth image is held out";
  EXPECT_EQ(data.channels(), 1);
  EXPECT_EQ(data.height(), 5);
  EXPECT_EQ(data.width(), 4);
  EXPECT_EQ(data.train.images[1][0][0][0].item<uint8_t>(), 20);  // byte 20 of the body starts image 1
  EXPECT_EQ(data.train.labels[3].item<int64_t>(), 3);
  // Held out: images 9 and 19, with their labels.
  EXPECT_EQ(data.test.images[0][0][0][0].item<uint8_t>(), 9 * 20 % 251);
  EXPECT_EQ(data.test.labels[1].item<int64_t>(), 9);
  EXPECT_EQ(data.classNames, (std::vector<std::string>{"0", "1", "2", "3", "4", "5", "6", "7", "8", "9"}));
  EXPECT_TRUE(data.train.images.is_contiguous());
}

TEST(DataIdx, ImagesWithoutLabelsAndAT10kSplit) {
  TempDir dir;
  writeBytes(dir / "train-images-idx3-ubyte.gz", gzipBytes(idxImages(30, 28, 28, 30 * 784)));
  writeBytes(dir / "t10k-images-idx3-ubyte.gz", gzipBytes(idxImages(7, 28, 28, 7 * 784)));
  const Dataset data = loadDataset(mnistSpec(dir));
  EXPECT_EQ(data.train.size(), 30);
  EXPECT_EQ(data.test.size(), 7);
  EXPECT_FALSE(data.hasLabels());
  EXPECT_TRUE(data.classNames.empty());
  EXPECT_NE(describeDataset(data).find("30 train, 7 test"), std::string::npos) << describeDataset(data);
}

TEST(DataIdx, ClassNamesFollowTheLabelValuesPresent) {
  TempDir dir;
  writeBytes(dir / "train-images-idx3-ubyte", idxImages(12, 2, 2, 48));
  writeBytes(dir / "train-labels-idx1-ubyte", idxLabels(12, 3));
  EXPECT_EQ(loadDataset(mnistSpec(dir)).classNames, (std::vector<std::string>{"0", "1", "2"}));
}

TEST(DataIdx, GzipIsFoundByItsMagicBytesNotItsName) {
  TempDir dir;
  // Gzip data without ".gz", and plain data with ".gz": both read correctly.
  writeBytes(dir / "train-images-idx3-ubyte", gzipBytes(idxImages(10, 3, 3, 90)));
  writeBytes(dir / "train-labels-idx1-ubyte.gz", idxLabels(10));
  const Dataset data = loadDataset(mnistSpec(dir));
  EXPECT_EQ(data.train.size() + data.test.size(), 10);
  EXPECT_EQ(data.train.images[2][0][1][1].item<uint8_t>(), 22);
}

TEST(DataIdx, ConcatenatedGzipMembersAreOneFile) {
  TempDir dir;
  const std::string bytes = idxImages(10, 3, 3, 90);
  writeBytes(dir / "train-images-idx3-ubyte.gz", gzipBytes(bytes.substr(0, 50)) + gzipBytes(bytes.substr(50)));
  EXPECT_EQ(readIdxImages(dir / "train-images-idx3-ubyte.gz").sum().item<int64_t>(), 89 * 90 / 2);
}

TEST(DataIdx, TruncatedFileIsRefused) {
  TempDir dir;
  writeBytes(dir / "train-images-idx3-ubyte.gz", gzipBytes(idxImages(60000, 28, 28, 1000)));
  expectRefused(mnistSpec(dir), {"train-images-idx3-ubyte.gz: truncated: header says 60000 images of 28x28 "
                                 "(47040000 bytes) but the file holds 1000 bytes"});
  writeBytes(dir / "train-images-idx3-ubyte.gz", std::string("\x00\x00", 2));
  expectRefused(mnistSpec(dir), {"train-images-idx3-ubyte.gz", "truncated", "too short"});
  writeBytes(dir / "train-images-idx3-ubyte.gz", idxImages(60000, 28, 28, 0).substr(0, 10));
  expectRefused(mnistSpec(dir), {"train-images-idx3-ubyte.gz", "truncated inside its header"});
}

TEST(DataIdx, WrongMagicIsRefused) {
  TempDir dir;
  const fs::path images = dir / "train-images-idx3-ubyte";
  writeBytes(images, "\x89PNG\r\n\x1a\n" + std::string(100, 'x'));
  expectRefused(mnistSpec(dir), {images.string(), "not an IDX file", "wrong magic number 0x89504e47", "0x00000803"});
  writeBytes(images, idxLabels(10));  // a labels file where the images should be
  expectRefused(mnistSpec(dir), {"train-images-idx3-ubyte", "wrong magic number 0x00000801", "labels file"});
  writeBytes(images, idxImages(2, 2, 2, 32, 0x0d03));  // float data
  expectRefused(mnistSpec(dir), {"train-images-idx3-ubyte", "float", "only unsigned-byte"});
}

TEST(DataIdx, ZeroDimensionsAreRefused) {
  TempDir dir;
  writeBytes(dir / "train-images-idx3-ubyte", idxImages(0, 28, 28, 0));
  expectRefused(mnistSpec(dir), {"train-images-idx3-ubyte", "empty", "0 images of 28x28"});
  writeBytes(dir / "train-images-idx3-ubyte", idxImages(10, 0, 28, 0));
  expectRefused(mnistSpec(dir), {"10 images of 0x28", "nothing to load"});
}

TEST(DataIdx, AbsurdDimensionsAreRefusedBeforeAllocating) {
  TempDir dir;
  writeBytes(dir / "train-images-idx3-ubyte", idxImages(10, 100000, 100000, 16));
  expectRefused(mnistSpec(dir), {"train-images-idx3-ubyte", "10 images of 100000x100000", "absurd"});
  writeBytes(dir / "train-images-idx3-ubyte", idxImages(4000000000u, 28, 28, 16));
  expectRefused(mnistSpec(dir), {"4000000000 images of 28x28", "2 GiB"});
  // Just under the limit (1.97 GB claimed) but only 100 bytes there: refused at once, nothing big allocated.
  const auto start = std::chrono::steady_clock::now();
  writeBytes(dir / "train-images-idx3-ubyte.gz", gzipBytes(idxImages(30000, 256, 256, 100)));
  fs::remove(dir / "train-images-idx3-ubyte");
  expectRefused(mnistSpec(dir), {"truncated", "30000 images of 256x256 (1966080000 bytes)", "holds 100 bytes"});
  EXPECT_LT(std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count(), 1.0);
}

// A gzip trailer's size is a hint: a fuzzed 43-byte file promising 2.4 GB made the reader allocate it (libFuzzer:
// out of memory). Checked in a child process whose address space may grow by 1 GB only: allocating the promise
// there throws std::bad_alloc instead of the reader's own error.
TEST(DataIdx, AGzipTrailerPromisingGigabytesAllocatesNothingBig) {
  TempDir dir;
  std::string gz = gzipBytes(idxImages(30000, 256, 256, 100));
  gz.replace(gz.size() - 4, 4, std::string("\x00\x00\x00\x92", 4));  // the trailer now says 2.4 GB
  writeBytes(dir / "train-images-idx3-ubyte.gz", gz);
  const pid_t child = ::fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    long pages = 0;
    std::ifstream("/proc/self/statm") >> pages;
    const rlim_t limit = rlim_t(pages) * rlim_t(::sysconf(_SC_PAGESIZE)) + (rlim_t(1) << 30);
    const rlimit cap{limit, limit};
    ::setrlimit(RLIMIT_AS, &cap);
    try {
      readIdxImages(dir / "train-images-idx3-ubyte.gz");
    } catch (const Error& e) {
      const std::string what = e.what();
      ::_exit(what.find("damaged") != std::string::npos || what.find("truncated") != std::string::npos ? 0 : 1);
    } catch (...) {
      ::_exit(2);  // std::bad_alloc: the promise was allocated
    }
    ::_exit(3);
  }
  int status = 0;
  ASSERT_EQ(::waitpid(child, &status, 0), child);
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 0) << "1: another message, 2: out of memory, 3: accepted";
}

TEST(DataIdx, CountMismatchAgainstFileSizeIsRefused) {
  TempDir dir;
  writeBytes(dir / "train-images-idx3-ubyte", idxImages(2, 3, 3, 2 * 9 + 5));
  expectRefused(mnistSpec(dir), {"train-images-idx3-ubyte", "2 images of 3x3 (18 bytes)", "holds 23 bytes"});
  writeBytes(dir / "train-images-idx3-ubyte", gzipBytes(idxImages(2, 3, 3, 2 * 9 + 5)));
  expectRefused(mnistSpec(dir), {"2 images of 3x3 (18 bytes)", "more than that"});
}

TEST(DataIdx, LabelCountMismatchIsRefused) {
  TempDir dir;
  writeBytes(dir / "train-images-idx3-ubyte", idxImages(4, 3, 3, 36));
  writeBytes(dir / "train-labels-idx1-ubyte", idxLabels(5));
  expectRefused(mnistSpec(dir), {"train-labels-idx1-ubyte", "5 labels", "4 images"});
  writeBytes(dir / "train-labels-idx1-ubyte", idxLabels(5).substr(0, 10));
  expectRefused(mnistSpec(dir), {"train-labels-idx1-ubyte: truncated: header says 5 labels"});
}

TEST(DataIdx, CorruptGzipIsRefused) {
  TempDir dir;
  const fs::path images = dir / "train-images-idx3-ubyte.gz";
  std::string bytes = gzipBytes(idxImages(50, 28, 28, 50 * 784));
  std::string flipped = bytes;
  for (size_t i = 40; i + 10 < flipped.size(); i += 3) flipped[i] = char(flipped[i] ^ 0x5a);
  writeBytes(images, flipped);
  expectRefused(mnistSpec(dir), {images.string(), "damaged"});
  writeBytes(images, bytes.substr(0, bytes.size() / 2));
  expectRefused(mnistSpec(dir), {images.string(), "damaged", "ends early"});
  std::string badCrc = bytes;
  badCrc[badCrc.size() - 6] = char(badCrc[badCrc.size() - 6] ^ 1);  // the CRC32 in the trailer
  writeBytes(images, badCrc);
  expectRefused(mnistSpec(dir), {images.string(), "corrupt gzip data"});
  writeBytes(images, bytes + "junk");
  expectRefused(mnistSpec(dir), {images.string(), "junk after the end"});
  writeBytes(images, std::string("\x1f\x8b", 2));
  expectRefused(mnistSpec(dir), {images.string(), "damaged"});
}

TEST(DataIdx, DifferentTestImageSizeIsRefused) {
  TempDir dir;
  writeBytes(dir / "train-images-idx3-ubyte", idxImages(4, 3, 3, 36));
  writeBytes(dir / "t10k-images-idx3-ubyte", idxImages(4, 2, 2, 16));
  expectRefused(mnistSpec(dir), {"t10k-images-idx3-ubyte", "2x2", "3x3"});
}

TEST(DataIdx, UnlabelledT10kIsSetAsideForALabelledTrainSplit) {
  TempDir dir;
  writeBytes(dir / "train-images-idx3-ubyte", idxImages(20, 3, 3, 180));
  writeBytes(dir / "train-labels-idx1-ubyte", idxLabels(20));
  writeBytes(dir / "t10k-images-idx3-ubyte", idxImages(5, 3, 3, 45));
  const Dataset data = loadDataset(mnistSpec(dir));
  EXPECT_TRUE(data.hasLabels());
  EXPECT_TRUE(data.test.labels.defined());
  EXPECT_EQ(data.test.size(), 2);
  EXPECT_EQ(data.skippedFiles, 1);
}

TEST(DataIdx, MissingFilesAndFoldersAreRefused) {
  TempDir dir;
  expectRefused(mnistSpec(dir), {dir.path().string(), "no train-images-idx3-ubyte"});
  expectRefused("mnist:" + (dir / "absent").string(), {(dir / "absent").string(), "not found"});
  writeBytes(dir / "file", "x");
  expectRefused("mnist:" + (dir / "file").string(), {"is a file"});
  EXPECT_THROW(readIdxLabels(dir / "nothing-here"), Error);
}
