#include "data/gunzip.h"

#include <zlib.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>

#include "util/error.h"

namespace latentlab {
namespace fs = std::filesystem;

struct DecompressedFile::Stream {
  z_stream z{};
  uint64_t produced = 0;  // decompressed bytes so far
  uint64_t sizeHint = 0;  // the gzip trailer's size (mod 2^32): lets the first buffer be the right size
  bool ended = false;
};

namespace {

std::string readStored(const fs::path& path, uint64_t maxBytes) {
  std::error_code ec;
  if (!fs::exists(path, ec)) throw Error(path.string() + ": file not found");
  if (fs::is_directory(path, ec)) throw Error(path.string() + ": is a folder, expected a file");
  const uintmax_t size = fs::file_size(path, ec);
  if (ec) throw Error(path.string() + ": cannot read its size: " + ec.message());
  if (size > maxBytes)
    throw Error(path.string() + ": too large (" + std::to_string(size) + " bytes, the limit is " +
                std::to_string(maxBytes) + ")");
  std::FILE* file = std::fopen(path.c_str(), "rb");
  if (!file) throw Error(path.string() + ": cannot open: " + std::strerror(errno));
  std::string bytes(size_t(size), '\0');
  const size_t got = size ? std::fread(bytes.data(), 1, bytes.size(), file) : 0;
  const bool failed = std::ferror(file) != 0;
  std::fclose(file);
  if (failed || got != bytes.size()) throw Error(path.string() + ": cannot read: " + std::strerror(errno));
  return bytes;
}

constexpr uint64_t kMaxDeflateRatio = 1032;

bool isGzip(const std::string& bytes) {
  return bytes.size() >= 2 && uint8_t(bytes[0]) == 0x1f && uint8_t(bytes[1]) == 0x8b;
}

}  // namespace

DecompressedFile::DecompressedFile(const fs::path& path, uint64_t maxStoredBytes)
    : path_(path), stored_(readStored(path, maxStoredBytes)) {
  if (!isGzip(stored_)) return;
  stream_ = std::make_unique<Stream>();
  auto& z = stream_->z;
  // 15 + 16: a gzip wrapper (not zlib or raw deflate) with the largest window.
  if (inflateInit2(&z, 15 + 16) != Z_OK) throw Error(path_.string() + ": cannot start zlib (out of memory?)");
  z.next_in = reinterpret_cast<Bytef*>(stored_.data());
  z.avail_in = uInt(stored_.size());  // maxStoredBytes is far below 4 GiB for every caller
  if (stored_.size() >= 18) {
    const auto* tail = reinterpret_cast<const uint8_t*>(stored_.data() + stored_.size() - 4);
    stream_->sizeHint = uint64_t(tail[0]) | uint64_t(tail[1]) << 8 | uint64_t(tail[2]) << 16 | uint64_t(tail[3]) << 24;
  }
}

DecompressedFile::~DecompressedFile() {
  if (stream_) inflateEnd(&stream_->z);
}

std::string_view DecompressedFile::read(uint64_t limit) {
  if (!stream_) {
    const uint64_t n = std::min<uint64_t>(limit, stored_.size() - position_);
    std::string_view out(stored_.data() + position_, size_t(n));
    position_ += n;
    return out;
  }
  Stream& s = *stream_;
  auto& z = s.z;
  const std::string name = path_.string() + ": ";
  // Start with the size the trailer promises (usually exact), grow by doubling when it lied; never past limit.
  // The promise is only believed up to what the stored bytes can hold: deflate expands at most 1032 to 1, and a
  // 43-byte file promising 2 GB (found by scripts/fuzz) must not allocate it.
  const uint64_t plausible = kMaxDeflateRatio * uint64_t(stored_.size());
  const uint64_t promised = std::min(plausible, s.sizeHint > s.produced ? s.sizeHint - s.produced + 1 : 0);
  buffer_.resize(size_t(std::min<uint64_t>(limit, std::max<uint64_t>(promised, 1 << 16))));
  size_t filled = 0;
  while (filled < limit && !s.ended) {
    if (filled == buffer_.size())
      buffer_.resize(size_t(std::min<uint64_t>(limit, std::max<uint64_t>(2 * buffer_.size(), 1 << 16))));
    const size_t room = std::min<size_t>(buffer_.size() - filled, size_t(1) << 30);
    z.next_out = reinterpret_cast<Bytef*>(buffer_.data() + filled);
    z.avail_out = uInt(room);
    const int rc = inflate(&z, Z_NO_FLUSH);
    const size_t made = room - z.avail_out;
    filled += made;
    s.produced += made;
    if (rc == Z_STREAM_END) {
      // Concatenated gzip members are still one valid gzip file; zero padding after the end is harmless.
      if (z.avail_in >= 2 && z.next_in[0] == 0x1f && z.next_in[1] == 0x8b) {
        inflateReset(&z);
        continue;
      }
      if (std::any_of(z.next_in, z.next_in + z.avail_in, [](Bytef b) { return b != 0; }))
        throw Error(name + "damaged: " + std::to_string(z.avail_in) +
                    " bytes of junk after the end of the gzip data; download the file again");
      s.ended = true;
    } else if (rc == Z_BUF_ERROR && made == 0) {  // no progress possible: the input is used up
      throw Error(name + "damaged: the gzip data ends early (a truncated download?); download the file again");
    } else if (rc == Z_MEM_ERROR) {
      throw Error(name + "out of memory while decompressing");
    } else if (rc != Z_OK) {
      throw Error(name + "damaged: corrupt gzip data (" + (z.msg ? z.msg : "zlib error " + std::to_string(rc)) +
                  "); download the file again");
    }
  }
  return std::string_view(buffer_.data(), filled);
}

}  // namespace latentlab
