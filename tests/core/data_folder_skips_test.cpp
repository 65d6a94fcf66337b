// folder:DIR and the files it cannot use: they never decide the set's shape, and every one is listed with why.
#include <sys/stat.h>

#include "data/image_folder.h"
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

// stb_image decodes a truncated file as if it were whole (the missing bytes read as zeros): 155 bytes of TGA
// claiming 4112 x 4112 took seconds to decode and resize (found by scripts/fuzz). A header claiming far more
// pixels than its file could hold is refused without decoding; an image that really holds its pixels loads.
TEST(DataFolderSkips, AHeaderClaimingFarMorePixelsThanTheFileHoldsIsRefused) {
  TempDir dir;
  for (int i = 0; i < 3; ++i) writePng(dir / ("g" + std::to_string(i) + ".png"), 28, 28, 1, uint8_t(50 * i));
  auto le16 = [](int v) { return std::string{char(v & 0xff), char(v >> 8)}; };
  // An uncompressed grey TGA header (type 3, 8 bits), then 100 bytes of its 16.9M pixels.
  const std::string tga = std::string("\0\0\3\0\0\0\0\0\0\0\0\0", 12) + le16(4112) + le16(4112) +
                          std::string("\x08\x00", 2) + std::string(100, '\x7f');
  writeBytes(dir / "truncated.tga", tga);
  const Dataset data = loadDataset("folder:" + dir.path().string());
  EXPECT_EQ(data.train.size() + data.test.size(), 3);
  ASSERT_EQ(data.skipReasons.size(), 1u);
  EXPECT_NE(data.skipReasons[0].find("truncated.tga: the header claims 4112x4112 pixels from a file of 118 bytes"),
            std::string::npos)
      << data.skipReasons[0];
  EXPECT_NE(probeImage(tga).reason.find("truncated file"), std::string::npos) << probeImage(tga).reason;
}

// stb_image 2.27 memcpy's into a null buffer when a PNG's first data chunk is empty (UBSan, found by scripts/fuzz:
// tests/fuzz/regressions/image/png-empty-first-idat.png); such a file is refused before stb reads it.
TEST(DataFolderSkips, APngWhoseFirstDataChunkIsEmptyIsRefused) {
  const std::string ihdr =
      std::string("\0\0\0\x0dIHDR", 8) + bigEndian(5) + bigEndian(3) + std::string("\x08\x00\x00\x00\x00", 5) + "CRC!";
  const std::string png = std::string("\x89PNG\r\n\x1a\n", 8) + ihdr + std::string("\0\0\0\0IDATCRC!", 12) +
                          std::string("\0\0\0\0IENDCRC!", 12);
  EXPECT_NE(probeImage(png).reason.find("first data chunk is empty"), std::string::npos) << probeImage(png).reason;
}
