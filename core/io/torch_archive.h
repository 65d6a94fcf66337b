#pragma once
// Checks a LibTorch archive (the zip that torch.save, torch.jit.save and our checkpoints write) before LibTorch
// reads it. LibTorch 1.13's reader trusts the zip: it checks no entry's CRC-32, and it parses the TorchScript type
// source stored in the archive with a parser that can crash (SIGSEGV, not an exception) on damaged text. A damaged
// file must be refused by us, with a message, before that (docs/run-format.md, "Checksums").
#include <string>
#include <string_view>
#include <vector>

#include "util/error.h"

namespace latentlab {

// The archive is not an intact zip (truncated, an entry's bytes do not match its CRC-32, out-of-bounds offsets...).
class ArchiveDamaged : public Error {
 public:
  using Error::Error;
};

struct ArchiveRecord {
  std::string name;         // full name inside the zip, e.g. "archive/data/0", "archive/code/__torch__.py"
  std::string_view stored;  // the entry's bytes as stored: a view into the archive
  bool compressed = false;  // deflated (only small code entries are): then `inflated` holds the contents
  std::string inflated;
  std::string_view contents() const { return compressed ? std::string_view(inflated) : stored; }
};

// Reads the zip's directory and checks every entry: bounds, local header agreeing with the directory, and the
// CRC-32 of its contents. Throws ArchiveDamaged saying what is wrong. The views point into `zip`, which must
// outlive the records.
std::vector<ArchiveRecord> readTorchArchive(std::string_view zip);

// The record whose name ends with `/suffix` (e.g. "version", "data.pkl"), or null.
const ArchiveRecord* findRecord(const std::vector<ArchiveRecord>& records, std::string_view suffix);

// Our own archives (torch::serialize::OutputArchive) hold modules of attributes only: their TorchScript source is
// class headers, parameter/buffer lists and typed attributes. Throws ArchiveDamaged on any other line, so that
// LibTorch's TorchScript parser only ever sees text of that shape.
void requireAttributeOnlyCode(const std::vector<ArchiveRecord>& records);

}  // namespace latentlab
