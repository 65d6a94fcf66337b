#pragma once
// A file's bytes, decompressed on the fly when it is gzip (found by its magic bytes, not by its name), read in
// memory with zlib: nothing is unpacked on disk. Damaged or truncated gzip data ends in a latentlab::Error naming
// the file, and reads never return more than asked, so a "zip bomb" cannot make us allocate past a caller's limit.
#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>

namespace latentlab {

class DecompressedFile {
 public:
  // Reads the stored file (at most `maxStoredBytes`, else an Error saying it is too large).
  DecompressedFile(const std::filesystem::path& path, uint64_t maxStoredBytes);
  ~DecompressedFile();
  DecompressedFile(const DecompressedFile&) = delete;
  DecompressedFile& operator=(const DecompressedFile&) = delete;

  // The next bytes, at most `limit` of them; fewer only at the end of the data. The view stays valid until the
  // next call.
  std::string_view read(uint64_t limit);

  bool compressed() const { return stream_ != nullptr; }
  uint64_t storedBytes() const { return stored_.size(); }
  const std::filesystem::path& path() const { return path_; }

 private:
  struct Stream;
  std::filesystem::path path_;
  std::string stored_;              // the file as it is on disk
  uint64_t position_ = 0;           // raw files: next byte of stored_
  std::unique_ptr<Stream> stream_;  // gzip files: the zlib state
  std::string buffer_;              // gzip files: the last decompressed chunk
};

}  // namespace latentlab
