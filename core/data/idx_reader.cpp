#include "data/idx_reader.h"

#include <torch/torch.h>

#include <cstdio>
#include <cstring>
#include <vector>

#include "data/gunzip.h"
#include "util/error.h"

namespace latentlab {
namespace {

// kMaxBytes: a header claiming more data than this is corrupt (the largest IDX sets are a few hundred MB), and
// refusing it up front keeps a bad header from asking for gigabytes. kMaxSide: same for one image side.
constexpr uint64_t kMaxBytes = uint64_t(1) << 31;
constexpr uint32_t kMaxSide = 65536;
// The stored file may be the raw data plus its header, or gzip of it (always smaller for real data).
constexpr uint64_t kMaxStoredBytes = kMaxBytes + 64;

uint32_t bigEndian(const char* p) {
  const auto* u = reinterpret_cast<const unsigned char*>(p);
  return uint32_t(u[0]) << 24 | uint32_t(u[1]) << 16 | uint32_t(u[2]) << 8 | uint32_t(u[3]);
}

std::string hex32(uint32_t v) {
  char text[16];
  std::snprintf(text, sizeof text, "0x%08x", unsigned(v));
  return text;
}

const char* typeName(int code) {
  switch (code) {
    case 0x08: return "unsigned byte";
    case 0x09: return "signed byte";
    case 0x0B: return "16-bit integer";
    case 0x0C: return "32-bit integer";
    case 0x0D: return "float";
    case 0x0E: return "double";
    default: return "unknown";
  }
}

struct IdxKind {
  int dims;          // 3 for images (N, H, W), 1 for labels (N)
  const char* noun;  // "images" or "labels"
};

// Reads and checks the magic number and the dimensions; nothing large is allocated until they pass.
std::vector<uint32_t> readHeader(DecompressedFile& in, const IdxKind& kind) {
  const std::string name = in.path().string() + ": ";
  const uint32_t expectedMagic = 0x0800u | uint32_t(kind.dims);
  const auto magicBytes = in.read(4);
  if (magicBytes.size() < 4)
    throw Error(name + "truncated: " + std::to_string(magicBytes.size()) + " bytes" +
                (in.compressed() ? " after decompression" : "") + ", too short for an IDX header");
  const uint32_t magic = bigEndian(magicBytes.data());
  const int type = int(magic >> 8 & 0xff), dims = int(magic & 0xff);
  if (magic >> 16 != 0)
    throw Error(name + "not an IDX file: wrong magic number " + hex32(magic) + " (an IDX " + kind.noun +
                " file starts with " + hex32(expectedMagic) + ")");
  if (type != 0x08)
    throw Error(name + "holds " + typeName(type) + " values (IDX type " + hex32(magic) +
                "); only unsigned-byte IDX files (" + hex32(expectedMagic) + ") are supported");
  if (dims != kind.dims) {
    const std::string looksLike = dims == 1   ? " (it looks like a labels file)"
                                  : dims == 3 ? " (it looks like an images file)"
                                              : "";
    throw Error(name + "wrong magic number " + hex32(magic) + ": " + std::to_string(dims) + " dimensions, but an IDX " +
                kind.noun + " file has " + std::to_string(kind.dims) + looksLike);
  }
  const auto dimBytes = in.read(uint64_t(4) * uint64_t(dims));
  if (dimBytes.size() < size_t(4 * dims))
    throw Error(name + "truncated inside its header (" + std::to_string(4 + dimBytes.size()) + " of " +
                std::to_string(4 + 4 * dims) + " bytes)");
  std::vector<uint32_t> sizes(static_cast<size_t>(dims));
  for (int i = 0; i < dims; ++i) sizes[size_t(i)] = bigEndian(dimBytes.data() + 4 * i);
  return sizes;
}

// "60000 images of 28x28" or "60000 labels": what the header claims, in the user's terms.
std::string claim(const std::vector<uint32_t>& dims, const IdxKind& kind) {
  std::string text = std::to_string(dims[0]) + " " + kind.noun;
  if (dims.size() == 3) text += " of " + std::to_string(dims[1]) + "x" + std::to_string(dims[2]);
  return text;
}

// Checks the sizes for zero and absurd values; returns the number of data bytes they describe.
uint64_t checkedDataBytes(const DecompressedFile& in, const std::vector<uint32_t>& dims, const IdxKind& kind) {
  const std::string name = in.path().string() + ": ";
  for (uint32_t d : dims)
    if (d == 0) throw Error(name + "empty: the header says " + claim(dims, kind) + ", there is nothing to load");
  for (size_t i = 1; i < dims.size(); ++i)
    if (dims[i] > kMaxSide)
      throw Error(name + "the header says " + claim(dims, kind) + ", a side over " + std::to_string(kMaxSide) +
                  " is absurd (a corrupt header?)");
  uint64_t bytes = 1;
  for (uint32_t d : dims) bytes *= d;  // at most 2^32 * 2^16 * 2^16: no overflow
  if (bytes > kMaxBytes)
    throw Error(name + "the header says " + claim(dims, kind) + " (" + std::to_string(bytes) +
                " bytes), over the 2 GiB limit: absurd for an IDX set (a corrupt header?)");
  return bytes;
}

// Reads exactly `bytes` data bytes, refusing a file that holds fewer or more, then copies them into a tensor of
// `shape`: the tensor is allocated only once the file is known to hold exactly what the header says.
torch::Tensor readData(DecompressedFile& in, uint64_t headerBytes, uint64_t bytes, const std::string& claimText,
                       torch::IntArrayRef shape) {
  const std::string name = in.path().string() + ": ";
  const std::string_view data = in.read(bytes + 1);
  if (data.size() < bytes)
    throw Error(name + "truncated: header says " + claimText + " (" + std::to_string(bytes) +
                " bytes) but the file holds " + std::to_string(data.size()) + " bytes");
  if (data.size() > bytes) {
    // Raw files: the real size is known. Gzip: not worth decompressing the rest (it could be huge) to count it.
    const std::string holds =
        in.compressed() ? "more than that" : std::to_string(in.storedBytes() - headerBytes) + " bytes";
    throw Error(name + "header says " + claimText + " (" + std::to_string(bytes) + " bytes) but the file holds " +
                holds + ": the header or the file is damaged");
  }
  auto tensor = torch::empty(shape, torch::kUInt8);
  std::memcpy(tensor.data_ptr<uint8_t>(), data.data(), size_t(bytes));
  return tensor;
}

}  // namespace

torch::Tensor readIdxImages(const std::filesystem::path& path) {
  const IdxKind kind{3, "images"};
  DecompressedFile in(path, kMaxStoredBytes);
  const auto dims = readHeader(in, kind);
  const uint64_t bytes = checkedDataBytes(in, dims, kind);
  return readData(in, 4 + 4 * dims.size(), bytes, claim(dims, kind),
                  {int64_t(dims[0]), 1, int64_t(dims[1]), int64_t(dims[2])});
}

torch::Tensor readIdxLabels(const std::filesystem::path& path) {
  const IdxKind kind{1, "labels"};
  DecompressedFile in(path, kMaxStoredBytes);
  const auto dims = readHeader(in, kind);
  const uint64_t bytes = checkedDataBytes(in, dims, kind);
  return readData(in, 4 + 4 * dims.size(), bytes, claim(dims, kind), {int64_t(dims[0])}).to(torch::kLong);
}

}  // namespace latentlab
