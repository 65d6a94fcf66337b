#include "io/atomic_file.h"

#include <fcntl.h>
#include <unistd.h>

#include <atomic>
#include <cctype>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

#include "util/error.h"

namespace latentlab {
namespace fs = std::filesystem;

// The system's words, in lower case to read as one sentence.
std::string systemError(const std::string& what, const fs::path& path) {
  std::string reason = std::strerror(errno);
  if (!reason.empty()) reason[0] = char(std::tolower(static_cast<unsigned char>(reason[0])));
  return what + " '" + path.string() + "': " + reason;
}

namespace {

// Unique per process and call, so two threads saving at once never share a temp file.
fs::path tempPathFor(const fs::path& path) {
  static std::atomic<unsigned> counter{0};
  return path.parent_path() / ("." + path.filename().string() + ".tmp." + std::to_string(::getpid()) + "." +
                               std::to_string(counter.fetch_add(1)));
}

void fsyncPath(const fs::path& path, int flags) {
  const int fd = ::open(path.c_str(), flags);
  if (fd < 0) throw Error(systemError("cannot open for sync", path));
  const int rc = ::fsync(fd);
  ::close(fd);
  if (rc != 0 && errno != EINVAL) throw Error(systemError("cannot sync", path));
}

void commitTemp(const fs::path& temp, const fs::path& path) {
  fsyncPath(temp, O_RDONLY);
  if (::rename(temp.c_str(), path.c_str()) != 0) throw Error(systemError("cannot replace", path));
  const fs::path dir = path.parent_path().empty() ? fs::path(".") : path.parent_path();
  fsyncPath(dir, O_RDONLY | O_DIRECTORY);
}

}  // namespace

void writeFileAtomicWith(const fs::path& path, const std::function<void(const fs::path&)>& writer) {
  const fs::path temp = tempPathFor(path);
  try {
    writer(temp);
    commitTemp(temp, path);
  } catch (...) {
    std::error_code ignored;
    fs::remove(temp, ignored);
    throw;
  }
}

void writeFileAtomic(const fs::path& path, std::string_view bytes) {
  writeFileAtomicWith(path, [&](const fs::path& temp) {
    const int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0) throw Error(systemError("cannot create", temp));
    size_t written = 0;
    while (written < bytes.size()) {
      const ssize_t n = ::write(fd, bytes.data() + written, bytes.size() - written);
      if (n < 0) {
        if (errno == EINTR) continue;
        const std::string message = systemError("cannot write", path);
        ::close(fd);
        throw Error(message);
      }
      written += static_cast<size_t>(n);
    }
    if (::close(fd) != 0) throw Error(systemError("cannot write", path));
  });
}

std::string readFile(const fs::path& path) {
  std::error_code ec;
  if (!fs::exists(path, ec)) throw Error("file not found: '" + path.string() + "'");
  if (fs::is_directory(path, ec)) throw Error("expected a file but found a folder: '" + path.string() + "'");
  std::ifstream in(path, std::ios::binary);
  if (!in) throw Error(systemError("cannot open", path));
  std::ostringstream buffer;
  buffer << in.rdbuf();
  if (in.bad()) throw Error(systemError("cannot read", path));
  return buffer.str();
}

}  // namespace latentlab
