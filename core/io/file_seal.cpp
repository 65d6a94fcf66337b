#include "io/file_seal.h"

#include <zlib.h>

#include <cstdio>
#include <cstring>

namespace latentlab {
namespace {

constexpr char kSealMagic[] = "LLcrc32:";  // 8 bytes, then 8 hex digits
constexpr size_t kMagicSize = 8;

bool parseHex(std::string_view text, uint32_t& value) {
  value = 0;
  for (char c : text) {
    uint32_t digit;
    if (c >= '0' && c <= '9') digit = uint32_t(c - '0');
    else if (c >= 'a' && c <= 'f') digit = uint32_t(c - 'a' + 10);
    else return false;  // only lowercase is ever written: anything else is damage
    value = value << 4 | digit;
  }
  return true;
}

// The end-of-central-directory record that ends a zip archive without a comment (what LibTorch writes).
bool endsLikeZip(std::string_view bytes) {
  constexpr size_t kEndRecord = 22;
  if (bytes.size() < kEndRecord) return false;
  const std::string_view end = bytes.substr(bytes.size() - kEndRecord);
  return end.substr(0, 4) == std::string_view("PK\x05\x06", 4) && end[20] == 0 && end[21] == 0;
}

}  // namespace

uint32_t crc32Of(std::string_view bytes) {
  uLong crc = crc32(0L, Z_NULL, 0);
  for (size_t offset = 0; offset < bytes.size();) {
    const size_t n = std::min<size_t>(bytes.size() - offset, 1u << 30);
    crc = crc32(crc, reinterpret_cast<const Bytef*>(bytes.data() + offset), uInt(n));
    offset += n;
  }
  return uint32_t(crc);
}

std::string sealBytes(std::string payload) {
  char seal[kSealSize + 1];
  std::snprintf(seal, sizeof seal, "%s%08x", kSealMagic, static_cast<unsigned>(crc32Of(payload)));
  payload.append(seal, kSealSize);
  return payload;
}

SealCheck checkSeal(std::string_view bytes, std::string_view& payload) {
  payload = bytes;
  if (bytes.size() >= kSealSize) {
    const std::string_view seal = bytes.substr(bytes.size() - kSealSize);
    if (seal.substr(0, kMagicSize) == std::string_view(kSealMagic, kMagicSize)) {
      uint32_t recorded = 0;
      payload = bytes.substr(0, bytes.size() - kSealSize);
      if (!parseHex(seal.substr(kMagicSize), recorded) || recorded != crc32Of(payload)) return SealCheck::Damaged;
      return SealCheck::Valid;
    }
  }
  return endsLikeZip(bytes) ? SealCheck::NotRecorded : SealCheck::Damaged;
}

}  // namespace latentlab
