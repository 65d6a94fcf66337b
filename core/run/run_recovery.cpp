#include "run/run_recovery.h"

#include <unistd.h>

#include <cctype>
#include <fstream>

#include "run/run_log.h"
#include "run/run_owner.h"
#include "run/timeline.h"

namespace latentlab {
namespace fs = std::filesystem;

namespace {

constexpr const char* kConfigFile = "config.json";
constexpr const char* kCheckpointFileName = "checkpoint.pt";

bool allDigits(const std::string& text) {
  if (text.empty()) return false;
  for (char c : text)
    if (!std::isdigit(static_cast<unsigned char>(c))) return false;
  return true;
}

// The writer's pid in a temp file name, or -1 when the name is not one of ours.
long long tempFilePid(const std::string& name) {
  if (name.size() < 2 || name[0] != '.') return -1;
  const auto tmp = name.rfind(".tmp.");
  if (tmp == std::string::npos || tmp < 2) return -1;
  const std::string tail = name.substr(tmp + 5);
  const auto dot = tail.find('.');
  if (dot == std::string::npos || !allDigits(tail.substr(0, dot)) || !allDigits(tail.substr(dot + 1))) return -1;
  return std::stoll(tail.substr(0, dot));
}

// True when metrics.csv holds at least one row beyond its header (only its first bytes are read).
bool hasMetricRows(const fs::path& runDir) {
  std::ifstream in(runDir / kMetricsLogFile, std::ios::binary);
  std::string line;
  int lines = 0;
  while (lines < 2 && std::getline(in, line))
    if (!line.empty()) ++lines;
  return lines >= 2;
}

}  // namespace

bool isTempFileName(const std::string& name) { return tempFilePid(name) >= 0; }

TempCleanup removeStaleTempFiles(const fs::path& runDir) {
  TempCleanup cleanup;
  const long long self = ::getpid();
  for (const fs::path& dir : {runDir, runDir / kTimelineDir}) {
    std::error_code ec;
    for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
      const long long pid = tempFilePid(it->path().filename().string());
      if (pid < 0 || pid == self) continue;
      std::error_code sizeError, removeError;
      const auto size = fs::file_size(it->path(), sizeError);
      if (fs::remove(it->path(), removeError)) {
        ++cleanup.files;
        if (!sizeError) cleanup.bytes += size;
      }
    }
  }
  return cleanup;
}

bool isUnfinishedRun(const fs::path& runDir) {
  std::error_code ec;
  if (!fs::is_directory(runDir, ec)) return false;
  if (!fs::exists(runDir / kConfigFile, ec)) return fs::exists(runDir / kOwnerFile, ec);
  return !fs::exists(runDir / kCheckpointFileName, ec) && !hasMetricRows(runDir);
}

void clearUnfinishedRun(const fs::path& runDir) {
  std::error_code ec;
  for (const char* name : {kCheckpointFileName, kMetricsLogFile, kEventLogFile, kLatestModelFile, kConfigFile})
    fs::remove(runDir / name, ec);
  fs::remove_all(runDir / kTimelineDir, ec);
}

}  // namespace latentlab
