#include "tmpfs_mount.h"

#include <fcntl.h>
#include <sys/mount.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <random>
#include <stdexcept>
#include <vector>

namespace latentlab::test {

std::unique_ptr<TmpfsMount> TmpfsMount::tryMount(int sizeKb, std::string& why) {
  std::random_device device;
  const auto dir = std::filesystem::temp_directory_path() / ("latentlab-mount-" + std::to_string(device()));
  std::filesystem::create_directories(dir);
  const std::string options = "size=" + std::to_string(sizeKb) + "k";
  if (::mount("tmpfs", dir.c_str(), "tmpfs", 0, options.c_str()) != 0) {
    why = std::string("cannot mount a tmpfs here (") + std::strerror(errno) + "): needs root";
    std::error_code ignored;
    std::filesystem::remove(dir, ignored);
    return nullptr;
  }
  std::unique_ptr<TmpfsMount> mount(new TmpfsMount(dir));
  mount->sizeKb_ = sizeKb;
  return mount;
}

TmpfsMount::~TmpfsMount() {
  ::umount2(path_.c_str(), MNT_DETACH);
  std::error_code ignored;
  std::filesystem::remove(path_, ignored);
}

void TmpfsMount::remountReadOnly() {
  const std::string options = "size=" + std::to_string(sizeKb_) + "k";
  if (::mount("tmpfs", path_.c_str(), "tmpfs", MS_REMOUNT | MS_RDONLY, options.c_str()) != 0)
    throw std::runtime_error(std::string("cannot remount read-only: ") + std::strerror(errno));
}

std::filesystem::path TmpfsMount::fill(const std::string& name) {
  const auto file = path_ / name;
  const int fd = ::open(file.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
  if (fd < 0) throw std::runtime_error("cannot create " + file.string());
  const std::vector<char> block(4096, 0);
  while (::write(fd, block.data(), block.size()) > 0) {}
  ::close(fd);
  return file;
}

}  // namespace latentlab::test
