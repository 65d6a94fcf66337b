#pragma once
// A small tmpfs mounted for a test (a disk that fills, a folder that turns read-only). Mounting needs root or
// CAP_SYS_ADMIN: tests GTEST_SKIP, saying why, when it is refused.
#include <filesystem>
#include <memory>
#include <string>

namespace latentlab::test {

class TmpfsMount {
 public:
  // Mounts a tmpfs of `sizeKb` KB on a fresh directory; nullptr (and `why`) when mounting is refused.
  static std::unique_ptr<TmpfsMount> tryMount(int sizeKb, std::string& why);
  ~TmpfsMount();  // unmounts (lazily) and removes the directory
  TmpfsMount(const TmpfsMount&) = delete;
  TmpfsMount& operator=(const TmpfsMount&) = delete;

  const std::filesystem::path& path() const { return path_; }
  void remountReadOnly();
  // Fills the disk with a file of zeros until a write fails; returns the file's path.
  std::filesystem::path fill(const std::string& name = "filler");

 private:
  explicit TmpfsMount(std::filesystem::path path) : path_(std::move(path)) {}
  std::filesystem::path path_;
  int sizeKb_ = 0;
};

}  // namespace latentlab::test
