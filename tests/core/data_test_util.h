#pragma once
// Builders of good and bad data files for the data tests: IDX bytes, gzip, PNGs.
#include <gtest/gtest.h>
#include <stb/stb_image_write.h>
#include <zlib.h>

#include <filesystem>
#include <initializer_list>
#include <string>
#include <vector>

#include "data/dataset.h"
#include "util/error.h"

namespace latentlab::test {

inline std::string bigEndian(uint32_t v) { return {char(v >> 24), char(v >> 16), char(v >> 8), char(v)}; }

// An IDX images header for n x h x w followed by `bodyBytes` bytes of a known pattern (byte i is i % 251).
inline std::string idxImages(uint32_t n, uint32_t h, uint32_t w, size_t bodyBytes, uint32_t magic = 0x803) {
  std::string bytes = bigEndian(magic) + bigEndian(n) + bigEndian(h) + bigEndian(w);
  for (size_t i = 0; i < bodyBytes; ++i) bytes.push_back(char(i % 251));
  return bytes;
}

// An IDX labels file of n labels, label i = i % classes.
inline std::string idxLabels(uint32_t n, uint32_t classes = 10) {
  std::string bytes = bigEndian(0x801) + bigEndian(n);
  for (uint32_t i = 0; i < n; ++i) bytes.push_back(char(i % classes));
  return bytes;
}

inline std::string gzipBytes(const std::string& bytes) {
  z_stream z{};
  deflateInit2(&z, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY);
  std::string out(deflateBound(&z, uLong(bytes.size())) + 64, '\0');
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(bytes.data()));
  z.avail_in = uInt(bytes.size());
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = uInt(out.size());
  deflate(&z, Z_FINISH);
  out.resize(z.total_out);
  deflateEnd(&z);
  return out;
}

// Expects loading `spec` to fail with a latentlab::Error whose message contains every one of `parts`.
inline void expectRefused(const std::string& spec, std::initializer_list<std::string> parts,
                          const DataOptions& options = {}) {
  try {
    loadDataset(spec, options);
    ADD_FAILURE() << spec << " was accepted";
  } catch (const Error& e) {
    for (const auto& part : parts)
      EXPECT_NE(std::string(e.what()).find(part), std::string::npos) << "'" << part << "' not in: " << e.what();
  }
}

// A w x h PNG with `channels` channels, mostly `value` with a sparse pattern so it is not flat.
inline void writePng(const std::filesystem::path& path, int w, int h, int channels, uint8_t value) {
  std::vector<uint8_t> pixels(size_t(w) * h * channels, value);
  for (size_t i = 0; i < pixels.size(); i += 7) pixels[i] = uint8_t(255 - value);
  std::filesystem::create_directories(path.parent_path());
  ASSERT_TRUE(stbi_write_png(path.c_str(), w, h, channels, pixels.data(), w * channels)) << path;
}

}  // namespace latentlab::test
