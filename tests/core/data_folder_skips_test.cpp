// folder:DIR and the files it cannot use: they never decide the set's shape, and every one is listed with why.
#include <sys/stat.h>

#include "data_test_util.h"
#include "test_support.h"

using namespace latentlab;
using namespace latentlab::test;
namespace fs = std::filesystem;

namespace {

// A PNG signature and an IHDR chunk claiming a w x h RGB image, with no pixels behind it: the header reads, the
// image does not decode.
std::string rgbPngHeaderOnly(uint32_t w, uint32_t h) {
  std::string header("\x89PNG\r\n\x1a\n\x00\x00\x00\x0dIHDR", 16);
  return header + bigEndian(w) + bigEndian(h) + std::string("\x08\x02\x00\x00\x00", 5) + "CRC!";
}

}  // namespace

TEST(DataFolderSkips, AnUndecodableImageDoesNotDecideSizeOrColour) {
  TempDir dir;
  for (int i = 0; i < 6; ++i) writePng(dir / ("g" + std::to_string(i) + ".png"), 28, 28, 1, uint8_t(20 * i));
  writeBytes(dir / "zz-damaged.png", rgbPngHeaderOnly(100, 100));
  const Dataset data = loadDataset("folder:" + dir.path().string());
  EXPECT_EQ(data.channels(), 1) << "only the damaged file is RGB";
  EXPECT_EQ(data.height(), 28) << "only the damaged file is larger than 32 px";
  EXPECT_EQ(data.train.size() + data.test.size(), 6);
  EXPECT_EQ(data.skippedFiles, 1);
  ASSERT_EQ(data.skipReasons.size(), 1u);
  EXPECT_NE(data.skipReasons[0].find("zz-damaged.png: cannot decode"), std::string::npos) << data.skipReasons[0];
}

TEST(DataFolderSkips, LinkLoopsAndPipesAreListedWithTheirReasons) {
  TempDir dir;
  for (int i = 0; i < 4; ++i) writePng(dir / ("g" + std::to_string(i) + ".png"), 20, 20, 1, uint8_t(30 * i));
  fs::create_symlink(dir / "loop-b.png", dir / "loop-a.png");
  fs::create_symlink(dir / "loop-a.png", dir / "loop-b.png");
  ASSERT_EQ(::mkfifo((dir / "pipe.png").c_str(), 0600), 0);  // opening it would wait forever for a writer
  const Dataset data = loadDataset("folder:" + dir.path().string());
  EXPECT_EQ(data.train.size() + data.test.size(), 4);
  EXPECT_EQ(data.skippedFiles, 3);
  std::string reasons;
  for (const auto& r : data.skipReasons) reasons += r + "\n";
  EXPECT_NE(reasons.find("loop-a.png: a symbolic link loop"), std::string::npos) << reasons;
  EXPECT_NE(reasons.find("loop-b.png: a symbolic link loop"), std::string::npos) << reasons;
  EXPECT_NE(reasons.find("pipe.png: a named pipe (FIFO), not a file"), std::string::npos) << reasons;
  EXPECT_NE(describeDataset(data).find("pipe.png"), std::string::npos) << "info lists the reasons";
}
