#include "data/idx_reader.h"

#include <torch/torch.h>
#include <zlib.h>

#include <array>
#include <cstring>

#include "util/error.h"

namespace latentlab {
namespace {

// kMaxBytes: refuse headers that claim more than 4 GiB of pixels, far beyond any real IDX file.
constexpr uint64_t kMaxBytes = uint64_t(4) << 30;
constexpr uint32_t kMaxSide = 65536;

// gzread reads gzip and plain files alike; this wrapper turns its failures into messages naming the file.
class IdxStream {
 public:
  explicit IdxStream(const std::filesystem::path& path) : path_(path) {
    std::error_code ec;
    if (!std::filesystem::exists(path, ec)) throw Error("file not found: '" + path.string() + "'");
    if (std::filesystem::is_directory(path, ec)) throw Error("'" + path.string() + "' is a folder, not an IDX file");
    file_ = gzopen(path.c_str(), "rb");
    if (!file_) throw Error("cannot open '" + path.string() + "': " + std::strerror(errno));
    gzbuffer(file_, 1 << 18);
  }
  ~IdxStream() { gzclose(file_); }
  IdxStream(const IdxStream&) = delete;
  IdxStream& operator=(const IdxStream&) = delete;

  // Reads up to n bytes; returns how many were read. Throws on corrupt compressed data.
  uint64_t read(void* out, uint64_t n) {
    uint64_t done = 0;
    while (done < n) {
      const unsigned chunk = unsigned(std::min<uint64_t>(n - done, 1u << 30));
      const int got = gzread(file_, static_cast<char*>(out) + done, chunk);
      if (got < 0) {
        int code = 0;
        const char* message = gzerror(file_, &code);
        throw Error("'" + path_.string() + "' is damaged: " + (message ? message : "read error") +
                    " (corrupt gzip data?)");
      }
      if (got == 0) break;
      done += uint64_t(got);
    }
    // A truncated gzip stream reads short without an error code from gzread, but gzerror reports it.
    if (done < n) {
      int code = Z_OK;
      const char* message = gzerror(file_, &code);
      if (code != Z_OK && code != Z_STREAM_END)
        throw Error("'" + path_.string() + "' is damaged: " + (message ? message : "read error"));
    }
    return done;
  }
  bool atEnd() {
    char extra;
    return read(&extra, 1) == 0;
  }
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
  gzFile file_ = nullptr;
};

uint32_t bigEndian(const unsigned char* p) {
  return uint32_t(p[0]) << 24 | uint32_t(p[1]) << 16 | uint32_t(p[2]) << 8 | uint32_t(p[3]);
}

// Reads the magic number and dimensions; checks them against what the caller expects.
std::vector<uint32_t> readHeader(IdxStream& in, uint32_t magic, size_t dimCount, const char* kind) {
  const std::string name = "'" + in.path().string() + "'";
  std::array<unsigned char, 4> head{};
  if (in.read(head.data(), 4) < 4) throw Error(name + " is empty or truncated: no IDX header");
  const uint32_t found = bigEndian(head.data());
  if (found != magic) {
    char text[160];
    std::snprintf(text, sizeof text, " is not an IDX %s file: magic number 0x%08x, expected 0x%08x", kind,
                  unsigned(found), unsigned(magic));
    throw Error(name + text);
  }
  std::vector<uint32_t> dims(dimCount);
  for (auto& d : dims) {
    if (in.read(head.data(), 4) < 4) throw Error(name + " is truncated inside its header");
    d = bigEndian(head.data());
  }
  uint64_t total = 1;
  for (size_t i = 0; i < dims.size(); ++i) {
    if (dims[i] == 0) throw Error(name + " has a zero dimension in its header: it holds no data");
    if (i > 0 && dims[i] > kMaxSide)
      throw Error(name + ": image side " + std::to_string(dims[i]) + " in the header is absurd");
    total *= dims[i];
    if (total > kMaxBytes) throw Error(name + ": the header claims more than 4 GiB of data, which is absurd");
  }
  return dims;
}

void readBody(IdxStream& in, void* out, uint64_t bytes, const std::string& claim) {
  const uint64_t got = in.read(out, bytes);
  const std::string name = "'" + in.path().string() + "'";
  if (got < bytes)
    throw Error(name + " is truncated: the header says " + claim + " (" + std::to_string(bytes) +
                " bytes) but the file holds " + std::to_string(got));
  if (!in.atEnd()) throw Error(name + " holds more data than its header says (" + claim + ")");
}

}  // namespace

torch::Tensor readIdxImages(const std::filesystem::path& path) {
  IdxStream in(path);
  const auto dims = readHeader(in, 0x00000803, 3, "images");
  const int64_t n = dims[0], h = dims[1], w = dims[2];
  auto images = torch::empty({n, 1, h, w}, torch::kUInt8);
  readBody(in, images.data_ptr<uint8_t>(), uint64_t(n * h * w),
           std::to_string(n) + " images of " + std::to_string(h) + "x" + std::to_string(w));
  return images;
}

torch::Tensor readIdxLabels(const std::filesystem::path& path) {
  IdxStream in(path);
  const auto dims = readHeader(in, 0x00000801, 1, "labels");
  auto labels = torch::empty({int64_t(dims[0])}, torch::kUInt8);
  readBody(in, labels.data_ptr<uint8_t>(), dims[0], std::to_string(dims[0]) + " labels");
  return labels.to(torch::kLong);
}

}  // namespace latentlab
