#pragma once
// The append-only logs of a run directory (docs/run-format.md):
//   metrics.csv   "step,<series...>" then one row per training step
//   events.jsonl  one JSON object per line: {"step":S,"event":"lr 0.001 -> 0.0005"}, {"step":S,"epoch":E,
//                 "train":x,"test":y}; an object with "rewind":true drops earlier lines with a larger step.
// Lines are only ever appended, each in one write, so a reader sees whole lines plus at most one torn last line,
// which it leaves for its next poll. A step that does not grow (a resumed run or a NaN rollback going back)
// rewinds what a reader holds to that step. A damaged line is skipped, never more.
#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "snapshot/snapshot.h"

namespace latentlab {

constexpr const char* kMetricsLogFile = "metrics.csv";
constexpr const char* kEventLogFile = "events.jsonl";

// A file opened for appending whole lines: a torn last line left by a killed writer is closed first, so the next
// line starts clean. flush() writes what was added in one write(2); sync() makes it durable.
class AppendLog {
 public:
  AppendLog() = default;
  AppendLog(const std::filesystem::path& path, const std::string& header);  // header written to a new/empty file
  ~AppendLog();
  AppendLog(AppendLog&& other) noexcept;
  AppendLog& operator=(AppendLog&& other) noexcept;

  void add(const std::string& line);  // without the newline
  void flush();                       // throws latentlab::Error (a full disk, a vanished folder)
  void sync();
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
  int fd_ = -1;
  std::string pending_;
};

std::string metricsHeader(const std::vector<std::string>& names);
std::string metricsRow(int64_t step, const float* values, size_t count);
std::string epochLine(const EpochMetric& epoch);
std::string eventLine(const TrainingEvent& event, bool rewind);

// Follows a log file by byte offset: each poll reads only what was appended since the last one. A file replaced
// by another (a format-1 run rewriting metrics.csv, a run directory recreated) is read again from the start.
class LogTail {
 public:
  explicit LogTail(std::filesystem::path path) : path_(std::move(path)) {}
  // Calls onLine for each whole line appended since the last call, reading in bounded blocks (a million-step log
  // is never held in memory at once). When the file was replaced, onRestart comes first and reading begins again.
  void poll(const std::function<void()>& onRestart, const std::function<void(std::string_view line)>& onLine);
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
  uint64_t inode_ = 0;
  uint64_t offset_ = 0;
  std::string partial_;
};

// metrics.csv into a MetricsHistory, incrementally.
class MetricsLogReader {
 public:
  explicit MetricsLogReader(const std::filesystem::path& runDir) : tail_(runDir / kMetricsLogFile) {}
  // Appends new rows to `history` (set up with the header's names on the first read, or reset when the file was
  // replaced). Returns true when `history` changed.
  bool poll(MetricsHistory& history);
  int64_t damagedLines() const { return damaged_; }

 private:
  LogTail tail_;
  std::vector<std::string> names_;
  int64_t damaged_ = 0;
};

struct RunRecord {
  std::vector<EpochMetric> epochs;
  std::vector<TrainingEvent> events;
};

// events.jsonl into a RunRecord, incrementally.
class EventLogReader {
 public:
  explicit EventLogReader(const std::filesystem::path& runDir) : tail_(runDir / kEventLogFile) {}
  bool poll(RunRecord& record);
  int64_t damagedLines() const { return damaged_; }

 private:
  LogTail tail_;
  int64_t damaged_ = 0;
};

// Applies one events.jsonl line to a record; false when the line is damaged.
bool applyEventLine(const std::string& line, RunRecord& record);

}  // namespace latentlab
