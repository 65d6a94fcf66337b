#include "run/run_log.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cctype>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <nlohmann/json.hpp>

#include "io/atomic_file.h"
#include "util/error.h"
#include "util/json_number.h"

namespace latentlab {
namespace fs = std::filesystem;

namespace {

// Writes `bytes` and removes what went out from it, also when a write fails part way (a full disk): the rest
// is what a later flush must append, so the file never gets a line twice. The bytes already out form a torn last
// line until then, which readers leave alone.
void writeAll(int fd, std::string& bytes, const fs::path& path) {
  size_t written = 0;
  while (written < bytes.size()) {
    const ssize_t n = ::write(fd, bytes.data() + written, bytes.size() - written);
    if (n < 0) {
      if (errno == EINTR) continue;
      const std::string message = systemError("cannot append to", path);
      bytes.erase(0, written);
      throw Error(message);
    }
    written += size_t(n);
  }
  bytes.clear();
}

// Drops, from a list sorted by step, every entry past `step`.
template <typename Entries>
void dropAfter(Entries& entries, int64_t step) {
  while (!entries.empty() && entries.back().step > step) entries.pop_back();
}

}  // namespace

AppendLog::AppendLog(const fs::path& path, const std::string& header) : path_(path) {
  fd_ = ::open(path.c_str(), O_RDWR | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
  if (fd_ < 0) throw Error(systemError("cannot open for appending", path));
  struct stat st {};
  if (::fstat(fd_, &st) != 0) throw Error(systemError("cannot read", path));
  if (st.st_size == 0) {
    pending_ = header;
  } else {
    char last = '\n';
    if (::pread(fd_, &last, 1, st.st_size - 1) != 1) throw Error(systemError("cannot read", path));
    if (last != '\n') pending_ = "\n";  // close a torn line: readers skip it as damaged
  }
}

AppendLog::~AppendLog() {
  if (fd_ >= 0) ::close(fd_);
}

AppendLog::AppendLog(AppendLog&& other) noexcept
    : path_(std::move(other.path_)), fd_(std::exchange(other.fd_, -1)), pending_(std::move(other.pending_)) {}

AppendLog& AppendLog::operator=(AppendLog&& other) noexcept {
  if (this != &other) {
    if (fd_ >= 0) ::close(fd_);
    path_ = std::move(other.path_);
    fd_ = std::exchange(other.fd_, -1);
    pending_ = std::move(other.pending_);
  }
  return *this;
}

void AppendLog::add(const std::string& line) {
  pending_ += line;
  pending_ += '\n';
}

void AppendLog::flush() {
  if (pending_.empty() || fd_ < 0) return;
  // Only whole lines go out, in one write: a reader never sees half a line except where a kill cut a write.
  writeAll(fd_, pending_, path_);
}

void AppendLog::sync() {
  flush();
  if (fd_ >= 0 && ::fdatasync(fd_) != 0 && errno != EINVAL) throw Error(systemError("cannot sync", path_));
}

std::string metricsHeader(const std::vector<std::string>& names) {
  std::string header = "step";
  for (const auto& name : names) header += "," + name;
  return header + "\n";
}

std::string metricsRow(int64_t step, const float* values, size_t count) {
  std::string row = std::to_string(step);
  char buffer[32];
  for (size_t i = 0; i < count; ++i) {
    std::snprintf(buffer, sizeof buffer, ",%.7g", double(values[i]));
    row += buffer;
  }
  return row;
}

std::string epochLine(const EpochMetric& e) {
  return nlohmann::json{{"step", e.step}, {"epoch", e.epoch}, {"train", e.trainLoss}, {"test", e.testLoss}}.dump();
}

std::string eventLine(const TrainingEvent& event, bool rewind) {
  nlohmann::json line{{"step", event.step}, {"event", event.text}};
  if (rewind) line["rewind"] = true;
  return line.dump();
}

void LogTail::poll(const std::function<void()>& onRestart, const std::function<void(std::string_view line)>& onLine) {
  const int fd = ::open(path_.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return;  // not written yet
  struct stat st {};
  if (::fstat(fd, &st) != 0) {
    ::close(fd);
    return;
  }
  if (uint64_t(st.st_ino) != inode_ || uint64_t(st.st_size) < offset_) {
    if (inode_ != 0 || offset_ != 0) onRestart();
    inode_ = uint64_t(st.st_ino);
    offset_ = 0;
    partial_.clear();
  }
  constexpr size_t kBlock = 1 << 20;
  std::string block;
  while (offset_ < uint64_t(st.st_size)) {
    block.resize(size_t(std::min<uint64_t>(kBlock, uint64_t(st.st_size) - offset_)));
    const ssize_t n = ::pread(fd, block.data(), block.size(), off_t(offset_));
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    offset_ += uint64_t(n);
    partial_.append(block.data(), size_t(n));
    size_t start = 0;
    for (size_t end; (end = partial_.find('\n', start)) != std::string::npos; start = end + 1)
      onLine(std::string_view(partial_).substr(start, end - start));
    partial_.erase(0, start);  // a torn last line waits for the rest
  }
  ::close(fd);
}

bool MetricsLogReader::poll(MetricsHistory& history) {
  bool changed = false;
  std::vector<float> values;
  std::string line;
  const auto restart = [&] {
    names_.clear();
    history = MetricsHistory();
    changed = true;
  };
  tail_.poll(restart, [&](std::string_view text) {
    line.assign(text);
    if (names_.empty()) {  // the header
      if (line.rfind("step,", 0) != 0) {
        ++damaged_;
        return;
      }
      for (size_t start = 5, end; start <= line.size(); start = end + 1) {
        end = line.find(',', start);
        if (end == std::string::npos) end = line.size();
        names_.push_back(line.substr(start, end - start));
      }
      if (history.names() != names_) history = MetricsHistory(names_);
      return;
    }
    values.clear();
    const char* p = line.c_str();
    char* end = nullptr;
    errno = 0;
    const long long step = std::strtoll(p, &end, 10);
    bool ok = end != p && errno == 0 && step >= 0;
    p = end;
    while (ok && *p == ',') {
      const float v = std::strtof(p + 1, &end);
      ok = end != p + 1;
      values.push_back(v);
      p = end;
    }
    if (!ok || *p != '\0' || values.size() != names_.size()) {
      ++damaged_;
      return;
    }
    if (step <= history.lastStep()) history.rewindTo(step);
    history.append(step, values.data());
    changed = true;
  });
  return changed;
}

bool applyEventLine(const std::string& line, RunRecord& record) {
  try {
    const auto j = nlohmann::json::parse(line);
    // jsonWholeNumber, not get<int64_t>(): that is undefined behaviour on a float like 1e300.
    const auto step = jsonWholeNumber<int64_t>(j.at("step"));
    if (!step || *step < 0) return false;
    if (j.contains("epoch")) {
      const auto epoch = jsonWholeNumber<int64_t>(j.at("epoch"));
      if (!epoch) return false;
      const EpochMetric e{*step, *epoch, j.at("train").get<float>(), j.at("test").get<float>()};
      while (!record.epochs.empty() && record.epochs.back().step >= *step) record.epochs.pop_back();
      record.epochs.push_back(e);
      return true;
    }
    const TrainingEvent event{*step, j.at("event").get<std::string>()};
    if (j.value("rewind", false)) {
      dropAfter(record.events, *step);
      dropAfter(record.epochs, *step);
    }
    record.events.push_back(event);
    return true;
  } catch (const std::exception&) {
    return false;
  }
}

bool EventLogReader::poll(RunRecord& record) {
  bool changed = false;
  const auto restart = [&] {
    record = RunRecord();
    changed = true;
  };
  tail_.poll(restart, [&](std::string_view line) {
    if (line.empty()) return;
    if (applyEventLine(std::string(line), record)) changed = true;
    else ++damaged_;
  });
  return changed;
}

}  // namespace latentlab
