#pragma once
// A plain 8-bit image in row-major, interleaved-channel order (1 = gray, 3 = RGB, 4 = RGBA).
// No torch and no GL here, so the GUI and the CLI can both pass images around cheaply.
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace latentlab {

struct Image {
  int width = 0;
  int height = 0;
  int channels = 0;
  std::vector<uint8_t> pixels;

  Image() = default;
  Image(int w, int h, int c) : width(w), height(h), channels(c), pixels(size_t(w) * h * c, 0) {}
  bool empty() const { return pixels.empty(); }
  uint8_t* row(int y) { return pixels.data() + size_t(y) * width * channels; }
  const uint8_t* row(int y) const { return pixels.data() + size_t(y) * width * channels; }
};

// Encodes as PNG and writes it atomically. Throws latentlab::Error on failure.
void writePng(const std::filesystem::path& path, const Image& image);

// Encodes as PNG in memory.
std::string encodePng(const Image& image);

// Decodes any format stb_image reads. Throws latentlab::Error naming the path when it cannot.
Image readImage(const std::filesystem::path& path);

// Number of distinct colours, used by tests to tell a drawn window from a blank one.
size_t countDistinctColours(const Image& image);

}  // namespace latentlab
