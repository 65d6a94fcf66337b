#include "io/image.h"

#include <gtest/gtest.h>

#include "test_support.h"
#include "util/error.h"

using namespace latentlab;

TEST(Image, PngRoundTripKeepsPixels) {
  test::TempDir dir;
  Image image(17, 9, 3);
  for (size_t i = 0; i < image.pixels.size(); ++i) image.pixels[i] = uint8_t(i * 31 % 251);
  writePng(dir / "x.png", image);
  const Image back = readImage(dir / "x.png");
  EXPECT_EQ(back.width, 17);
  EXPECT_EQ(back.height, 9);
  EXPECT_EQ(back.channels, 3);
  EXPECT_EQ(back.pixels, image.pixels);
}

TEST(Image, CorruptPngIsAClearError) {
  test::TempDir dir;
  test::writeBytes(dir / "bad.png", std::string("\x89PNG\r\n\x1a\n garbage", 17));
  try {
    readImage(dir / "bad.png");
    FAIL() << "expected an error";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("bad.png"), std::string::npos) << e.what();
  }
}

TEST(Image, CountsDistinctColours) {
  Image image(4, 1, 3);
  EXPECT_EQ(countDistinctColours(image), 1u);
  image.pixels[0] = 255;
  image.pixels[5] = 9;
  EXPECT_EQ(countDistinctColours(image), 3u);
}
