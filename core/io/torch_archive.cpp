#include "io/torch_archive.h"

#include "io/file_seal.h"

#include <zlib.h>

#include <cstdint>
#include <cstring>
#include <limits>
#include <regex>

namespace latentlab {
namespace {

// Zip record signatures and fixed sizes (PKWARE APPNOTE 4.3).
constexpr uint32_t kLocalHeader = 0x04034b50, kCentralHeader = 0x02014b50, kEndRecord = 0x06054b50;
constexpr uint32_t kZip64EndRecord = 0x06064b50, kZip64Locator = 0x07064b50;
constexpr size_t kLocalHeaderSize = 30, kCentralHeaderSize = 46, kEndRecordSize = 22;
constexpr size_t kZip64EndRecordSize = 56, kZip64LocatorSize = 20;
constexpr uint16_t kStored = 0, kDeflated = 8;
constexpr uint64_t kMaxInflated = 64ull << 20;  // code entries are a few KB; a larger claim is damage
constexpr uint64_t kMaxEntries = 1'000'000;
constexpr size_t kMaxCodeLine = 1000;

[[noreturn]] void damaged(const std::string& why) { throw ArchiveDamaged("its zip structure is damaged: " + why); }

// Little-endian reads, bounds-checked against the whole archive.
class Reader {
 public:
  explicit Reader(std::string_view bytes) : bytes_(bytes) {}
  uint64_t u(uint64_t at, int size) const {
    if (at > bytes_.size() || uint64_t(size) > bytes_.size() - at) damaged("a record lies past the end of the file");
    uint64_t value = 0;
    for (int i = size - 1; i >= 0; --i) value = value << 8 | uint8_t(bytes_[at + uint64_t(i)]);
    return value;
  }
  std::string_view range(uint64_t at, uint64_t size) const {
    if (at > bytes_.size() || size > bytes_.size() - at) damaged("an entry lies past the end of the file");
    return bytes_.substr(at, size);
  }
  uint64_t size() const { return bytes_.size(); }

 private:
  std::string_view bytes_;
};

struct Directory {
  uint64_t offset = 0, size = 0, entries = 0;
};

Directory findDirectory(const Reader& zip) {
  // The end record is the last 22 bytes of the archives LibTorch writes (no comment); allow a short comment.
  if (zip.size() < kEndRecordSize) damaged("the file is too short to be a zip archive");
  uint64_t end = zip.size() - kEndRecordSize;
  const uint64_t lowest = zip.size() > kEndRecordSize + 0xffff ? zip.size() - kEndRecordSize - 0xffff : 0;
  while (zip.u(end, 4) != kEndRecord) {
    if (end == lowest) damaged("no end-of-archive record (the file is truncated or not a zip archive)");
    --end;
  }
  Directory dir{zip.u(end + 16, 4), zip.u(end + 12, 4), zip.u(end + 10, 2)};
  const bool zip64 = dir.offset == 0xffffffff || dir.size == 0xffffffff || dir.entries == 0xffff;
  if (end >= kZip64LocatorSize && zip.u(end - kZip64LocatorSize, 4) == kZip64Locator) {
    const uint64_t at = zip.u(end - kZip64LocatorSize + 8, 8);
    if (zip.u(at, 4) != kZip64EndRecord) damaged("the zip64 end record is not where its locator says");
    (void)zip.range(at, kZip64EndRecordSize);
    dir = Directory{zip.u(at + 48, 8), zip.u(at + 40, 8), zip.u(at + 32, 8)};
  } else if (zip64) {
    damaged("the zip64 end record is missing");
  }
  if (dir.entries > kMaxEntries) damaged("it claims " + std::to_string(dir.entries) + " entries");
  (void)zip.range(dir.offset, dir.size);
  return dir;
}

std::string inflateRaw(std::string_view in, uint64_t expected, const std::string& name) {
  if (expected > kMaxInflated) damaged("'" + name + "' claims " + std::to_string(expected) + " bytes");
  if (in.size() > std::numeric_limits<uInt>::max()) damaged("'" + name + "' is too large");
  std::string out(expected, '\0');
  z_stream z{};
  if (inflateInit2(&z, -MAX_WBITS) != Z_OK) throw Error("zlib cannot start inflating");
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
  z.avail_in = uInt(in.size());
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = uInt(out.size());
  const int status = inflate(&z, Z_FINISH);
  const uint64_t produced = z.total_out;
  inflateEnd(&z);
  if (status != Z_STREAM_END || produced != expected) damaged("'" + name + "' does not inflate to its size");
  return out;
}

// The zip64 extra field replaces, in this order, whichever of the sizes and offset are 0xffffffff.
void applyZip64Extra(std::string_view extra, uint64_t& usize, uint64_t& csize, uint64_t& offset) {
  const Reader r(extra);
  for (uint64_t at = 0; at + 4 <= extra.size();) {
    const uint64_t id = r.u(at, 2), size = r.u(at + 2, 2);
    if (id == 1) {
      uint64_t field = at + 4;
      for (uint64_t* value : {&usize, &csize, &offset})
        if (*value == 0xffffffff) {
          *value = r.u(field, 8);
          field += 8;
        }
      return;
    }
    at += 4 + size;
  }
}

ArchiveRecord readEntry(const Reader& zip, uint64_t& at) {
  if (zip.u(at, 4) != kCentralHeader) damaged("a directory entry has no signature");
  const uint16_t method = uint16_t(zip.u(at + 10, 2));
  const uint32_t crc = uint32_t(zip.u(at + 16, 4));
  uint64_t csize = zip.u(at + 20, 4), usize = zip.u(at + 24, 4);
  const uint64_t nameSize = zip.u(at + 28, 2), extraSize = zip.u(at + 30, 2), commentSize = zip.u(at + 32, 2);
  uint64_t local = zip.u(at + 42, 4);
  ArchiveRecord record;
  record.name = std::string(zip.range(at + kCentralHeaderSize, nameSize));
  applyZip64Extra(zip.range(at + kCentralHeaderSize + nameSize, extraSize), usize, csize, local);
  at += kCentralHeaderSize + nameSize + extraSize + commentSize;

  const std::string quoted = "'" + record.name + "'";
  if (zip.u(local, 4) != kLocalHeader) damaged(quoted + " has no local header");
  if (zip.range(local + kLocalHeaderSize, zip.u(local + 26, 2)) != record.name)
    damaged(quoted + " has another name in its local header");
  const uint64_t data = local + kLocalHeaderSize + zip.u(local + 26, 2) + zip.u(local + 28, 2);
  record.stored = zip.range(data, csize);
  if (method == kStored) {
    if (csize != usize) damaged(quoted + " has two sizes");
  } else if (method == kDeflated) {
    record.compressed = true;
    record.inflated = inflateRaw(record.stored, usize, record.name);
  } else {
    damaged(quoted + " uses compression method " + std::to_string(method));
  }
  if (crc32Of(record.contents()) != crc) damaged(quoted + " does not match its CRC-32");
  return record;
}

bool endsWith(std::string_view text, std::string_view suffix) {
  return text.size() >= suffix.size() && text.substr(text.size() - suffix.size()) == suffix;
}

}  // namespace

std::vector<ArchiveRecord> readTorchArchive(std::string_view bytes) {
  const Reader zip(bytes);
  const Directory dir = findDirectory(zip);
  std::vector<ArchiveRecord> records;
  uint64_t at = dir.offset;
  for (uint64_t i = 0; i < dir.entries; ++i) records.push_back(readEntry(zip, at));
  if (at != dir.offset + dir.size) damaged("the directory's size does not match its entries");
  return records;
}

const ArchiveRecord* findRecord(const std::vector<ArchiveRecord>& records, std::string_view suffix) {
  for (const auto& record : records) {
    const std::string_view name = record.name;
    if (name.size() > suffix.size() && endsWith(name, suffix) && name[name.size() - suffix.size() - 1] == '/')
      return &record;
  }
  return nullptr;
}

void requireAttributeOnlyCode(const std::vector<ArchiveRecord>& records) {
  // The lines torch::serialize::OutputArchive writes (see any checkpoint's archive/code/): nothing else.
  static const std::string basic =
      R"((Tensor|str|int|float|bool|NoneType|__torch__(\.___torch_mangle_[0-9]+)?\.[A-Za-z_][A-Za-z0-9_]*))";
  static const std::string type = "(" + basic + "|(Tuple|List|Optional|Dict)\\[" + basic + "(, " + basic + ")*\\])";
  static const std::string key = R"("[A-Za-z0-9_./-]*")";
  static const std::regex line(
      "class [A-Za-z_][A-Za-z0-9_]*\\(Module\\):|"
      "  __(parameters|buffers)__ = \\[(" +
      key +
      ", )*\\]|"
      "  __annotations__ = \\[\\]|"
      "  __annotations__\\[" +
      key + "\\] = " + type +
      "|"
      "  [A-Za-z_][A-Za-z0-9_]* : " +
      type + "|");
  for (const auto& record : records) {
    if (!endsWith(record.name, ".py") || record.name.find("/code/") == std::string::npos) continue;
    const std::string_view text = record.contents();
    for (size_t begin = 0, number = 1; begin < text.size(); ++number) {
      size_t end = text.find('\n', begin);
      if (end == std::string_view::npos) end = text.size();
      const std::string_view current = text.substr(begin, end - begin);
      // Length first: std::regex recurses per character, and a damaged line can be megabytes long.
      if (current.size() > kMaxCodeLine || !std::regex_match(current.begin(), current.end(), line))
        throw ArchiveDamaged("'" + record.name + "' line " + std::to_string(number) +
                             " is not the module description LatentLab writes");
      begin = end + 1;
    }
  }
}

}  // namespace latentlab
