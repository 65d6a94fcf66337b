#include "data/image_checks.h"

#include <stb/stb_image.h>

#include <algorithm>

namespace latentlab {

// A PNG header claiming a huge size makes stbi_info fail with "unknown image type"; say what is really wrong.
// `head` is the file's first bytes (24 are enough); returns the reason to refuse it, or empty.
std::string pngClaimReason(const char* head, size_t n) {
  if (n < 24 || std::string(head, 8) != "\x89PNG\r\n\x1a\n") return {};
  auto be = [&](int at) {
    return uint64_t(uint8_t(head[at])) << 24 | uint64_t(uint8_t(head[at + 1])) << 16 |
           uint64_t(uint8_t(head[at + 2])) << 8 | uint64_t(uint8_t(head[at + 3]));
  };
  // Unsigned: two 32-bit sides multiply to at most 2^64 - 2^33 + 1, which int64_t cannot hold.
  if (be(16) * be(20) <= uint64_t(kMaxPixels)) return {};
  return "the header claims " + std::to_string(be(16)) + "x" + std::to_string(be(20)) +
         " pixels, absurdly large; refused without decoding";
}

// stb_image grows its buffer to a PNG data chunk's claimed length before reading it: an 82-byte file claiming a
// 1 GB chunk made it allocate 2 GB (found by scripts/fuzz). So every chunk must fit in the bytes the file holds.
// `read8(at, out)` reads the 8 bytes (length, type) at offset `at`; `size` is the file's size.
std::string pngChunkReason(const std::function<bool(uint64_t, char*)>& read8, uint64_t size) {
  char chunk[8];
  bool seenData = false;
  for (uint64_t at = 8; at + 8 <= size && read8(at, chunk);) {
    const uint64_t length = uint64_t(uint8_t(chunk[0])) << 24 | uint64_t(uint8_t(chunk[1])) << 16 |
                            uint64_t(uint8_t(chunk[2])) << 8 | uint64_t(uint8_t(chunk[3]));
    if (length + 12 > size - at)  // length, type, data, CRC
      return "a PNG chunk claims " + std::to_string(length) + " bytes, more than the file holds (damaged?)";
    const std::string type(chunk + 4, 4);
    if (type == "IEND") break;
    // stb_image copies the first data chunk into a buffer it has not allocated when that chunk is empty
    // (memcpy to a null pointer; found by scripts/fuzz with UBSan). Encoders never write one.
    if (type == "IDAT" && !seenData && length == 0) return "the PNG's first data chunk is empty (damaged?)";
    seenData = seenData || type == "IDAT";
    at += length + 12;
  }
  return {};
}

bool isPng(const char* head, size_t n) { return n >= 8 && std::string(head, 8) == "\x89PNG\r\n\x1a\n"; }

// stb_image 2.27 reads a PNM header's numbers into an int with no overflow check (undefined behaviour, found by
// scripts/fuzz; fixed upstream in 2.28), so a number longer than 9 digits is refused before stb reads it. `head`
// is the start of the file, `whole` true when it is all of it; a header running past `head` is refused too.
std::string pnmClaimReason(const char* head, size_t n, bool whole) {
  if (n < 2 || head[0] != 'P' || (head[1] != '5' && head[1] != '6')) return {};
  auto space = [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r'; };
  size_t i = 2;
  for (int number = 0; number < 3; ++number) {  // width, height, maximum value; as stb skips space and comments
    while (i < n && (space(head[i]) || head[i] == '#'))
      if (head[i++] == '#')
        while (i < n && head[i] != '\n' && head[i] != '\r') ++i;
    const size_t start = i;
    while (i < n && head[i] >= '0' && head[i] <= '9') ++i;
    if (i - start > 9)
      return "the PNM header holds a " + std::to_string(i - start) + "-digit number, absurdly large; refused";
    if (i == n) return whole ? std::string() : "the PNM header is over " + std::to_string(n) + " bytes long; refused";
  }
  return {};
}

// What stbi_info said, checked: the reason to skip the file, or empty.
std::string headerReason(bool readable, const ImageHeader& header, uint64_t fileBytes) {
  if (!readable) return std::string("not an image stb_image can read (") + stbi_failure_reason() + ")";
  const std::string claim =
      "the header claims " + std::to_string(header.width) + "x" + std::to_string(header.height) + " pixels";
  const int64_t pixels = int64_t(header.width) * header.height;
  if (header.width <= 0 || header.height <= 0 || pixels > kMaxPixels)
    return claim + ", absurdly large; refused without decoding";
  if (uint64_t(pixels) > kMaxPixelsPerByte * std::max<uint64_t>(fileBytes, 1))
    return claim + " from a file of " + std::to_string(fileBytes) + " bytes (a truncated file, or one built to " +
           "decompress into far more than it holds); refused without decoding";
  return {};
}

// stb_image 2.27 (Debian bookworm's) converts a 16-bit PNM's channels as if it held 8-bit values, reading past
// its buffer when asked for another channel count than the file's (fixed upstream in 2.28). Such files are
// loaded with their own channels and converted here, the way stb converts 8-bit pixels.
bool isPnm16(const char* head, size_t n, bool sixteenBit) {
  return sixteenBit && n >= 2 && head[0] == 'P' && (head[1] == '5' || head[1] == '6');
}

}  // namespace latentlab
