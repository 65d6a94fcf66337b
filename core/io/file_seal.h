#pragma once
// A checksum sealed onto the end of a file we write (checkpoint.pt, model.pt, timeline snapshots), so that a
// reader finds any damaged byte before it trusts the file (docs/run-format.md, "Checksums"). The seal is 16 bytes
// after the payload: "LLcrc32:" and the CRC-32 of the payload in 8 lowercase hex digits. CRC-32 catches every
// error within 32 consecutive bits (so every single flipped byte) and all but 1 in 2^32 of any other damage.
// Files written before seals existed are accepted as "not recorded" when they end where a zip archive ends.
#include <cstdint>
#include <string>
#include <string_view>

namespace latentlab {

constexpr size_t kSealSize = 16;

// zlib's CRC-32 of `bytes`, of any length (zlib takes uInt lengths: fed in pieces). Also checks zip entries.
uint32_t crc32Of(std::string_view bytes);

// `payload` with its seal appended.
std::string sealBytes(std::string payload);

enum class SealCheck {
  Valid,        // the seal is there and matches: `payload` is the file less its seal
  NotRecorded,  // no seal, and the file ends like a zip archive (written before seals): `payload` is the file
  Damaged,      // a seal that does not match, or neither a seal nor a zip end: the file is damaged
};

// Checks the seal of a whole file's bytes; `payload` views into `bytes`.
SealCheck checkSeal(std::string_view bytes, std::string_view& payload);

}  // namespace latentlab
