#include "io/atomic_file.h"

#include <gtest/gtest.h>

#include "test_support.h"
#include "util/error.h"

namespace fs = std::filesystem;
using namespace latentlab;

namespace {

size_t filesIn(const fs::path& dir) {
  return size_t(std::distance(fs::directory_iterator(dir), fs::directory_iterator()));
}

}  // namespace

TEST(AtomicFile, WritesAndReplaces) {
  test::TempDir dir;
  writeFileAtomic(dir / "a.txt", "first");
  EXPECT_EQ(readFile(dir / "a.txt"), "first");
  writeFileAtomic(dir / "a.txt", "second, longer");
  EXPECT_EQ(readFile(dir / "a.txt"), "second, longer");
  EXPECT_EQ(filesIn(dir.path()), 1u) << "no temp file may be left behind";
}

TEST(AtomicFile, FailedWriterKeepsOldContentAndLeavesNoTemp) {
  test::TempDir dir;
  writeFileAtomic(dir / "ckpt", "good");
  EXPECT_THROW(writeFileAtomicWith(dir / "ckpt",
                                   [](const fs::path& temp) {
                                     test::writeBytes(temp, "half-writ");
                                     throw Error("disk full");
                                   }),
               Error);
  EXPECT_EQ(readFile(dir / "ckpt"), "good");
  EXPECT_EQ(filesIn(dir.path()), 1u);
}

TEST(AtomicFile, WriteIntoMissingDirectoryIsAClearError) {
  test::TempDir dir;
  try {
    writeFileAtomic(dir / "missing" / "x.txt", "data");
    FAIL() << "expected an error";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("missing"), std::string::npos) << e.what();
  }
}

TEST(AtomicFile, ReadErrorsNameThePath) {
  test::TempDir dir;
  try {
    readFile(dir / "nope.bin");
    FAIL() << "expected an error";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("nope.bin"), std::string::npos) << e.what();
  }
  EXPECT_THROW(readFile(dir.path()), Error);
}

TEST(AtomicFile, BinaryContentRoundTrips) {
  test::TempDir dir;
  std::string bytes;
  for (int i = 0; i < 100000; ++i) bytes.push_back(char(i * 7919 % 256));
  writeFileAtomic(dir / "blob", bytes);
  EXPECT_EQ(readFile(dir / "blob"), bytes);
}
