#pragma once
// What an image file's header claims, checked before stb_image decodes it: stb_image 2.27 (Debian bookworm's)
// allocates what a header claims, overflows on absurd numbers and decodes truncated files as if they were whole
// (found by scripts/fuzz; each case is kept in tests/fuzz/regressions/image). Each function returns the reason
// to skip the file, or empty.
#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>

namespace latentlab {

// The pixels one source image may have (8192 x 8192): a 100000 x 100000 "PNG" would otherwise ask for 30 GB.
constexpr int64_t kMaxPixels = int64_t(1) << 26;
// The pixels one byte of a file may decode to. Real compression stays below it (zlib's limit is about 1032 bytes
// per byte, 8 one-bit pixels each); a 155-byte TGA claiming 4112 x 4112 (a truncated file that stb fills with
// zeros, taking seconds) does not.
constexpr uint64_t kMaxPixelsPerByte = 10000;

struct ImageHeader {
  int width = 0, height = 0, components = 0;
  std::string reason;
};

// `head`: the file's first bytes (24 are enough).
std::string pngClaimReason(const char* head, size_t n);
// `read8(at, out)` reads the 8 bytes (length, type) at offset `at`; `size` is the file's size.
std::string pngChunkReason(const std::function<bool(uint64_t, char*)>& read8, uint64_t size);
bool isPng(const char* head, size_t n);
// `head` is the start of the file, `whole` true when it is all of it.
std::string pnmClaimReason(const char* head, size_t n, bool whole);
// What stbi_info said (`readable`, `header`), checked against the limits and the file's size.
std::string headerReason(bool readable, const ImageHeader& header, uint64_t fileBytes);
bool isPnm16(const char* head, size_t n, bool sixteenBit);

}  // namespace latentlab
