#include "cli_checks.h"

#include <CLI/CLI.hpp>

#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <set>

#include "io/run_directory.h"
#include "run/run_log.h"
#include "run/run_owner.h"
#include "run/timeline.h"
#include "train/checkpoint.h"
#include "util/error.h"

namespace latentlab::cli {

namespace {

std::string trimmedNumber(double v) {
  char text[32];
  std::snprintf(text, sizeof text, "%g", v);
  return text;
}

}  // namespace

CLI::Validator wholeNumber(int64_t lo, int64_t hi) {
  const std::string range = std::to_string(lo) + " to " + std::to_string(hi);
  return CLI::Validator(
      [lo, hi, range](std::string& text) -> std::string {
        errno = 0;
        char* end = nullptr;
        const long long value = std::strtoll(text.c_str(), &end, 10);
        if (text.empty() || end != text.c_str() + text.size())
          return "'" + text + "' is not a whole number (give one from " + range + ")";
        if (errno == ERANGE || value < lo || value > hi) return text + " is out of range: give a whole number from " + range;
        return {};
      },
      "INT in " + range);
}

CLI::Validator finiteNumber(double lo, double hi) {
  const std::string range = trimmedNumber(lo) + " to " + trimmedNumber(hi);
  return CLI::Validator(
      [lo, hi, range](std::string& text) -> std::string {
        char* end = nullptr;
        const double value = std::strtod(text.c_str(), &end);
        if (text.empty() || end != text.c_str() + text.size())
          return "'" + text + "' is not a number (give one from " + range + ")";
        if (!std::isfinite(value)) return "'" + text + "' is not a finite number (give one from " + range + ")";
        if (value < lo || value > hi) return text + " is out of range: give a number from " + range;
        return {};
      },
      "NUMBER in " + range);
}

void refuseRunFileOutput(const std::string& out) {
  namespace fs = std::filesystem;
  std::error_code ec;
  fs::path path = fs::weakly_canonical(fs::absolute(out), ec);  // follows links, so no other spelling gets in
  if (ec) path = fs::absolute(out).lexically_normal();
  const fs::path dir = path.parent_path();
  static const std::set<std::string> own{kCheckpointFile, kLatestModelFile, RunDirectory::kConfigFile,
                                         kMetricsLogFile, kEventLogFile,    kOwnerFile,
                                         ".owner.lock",   kTimelineDir};
  const bool runFile = RunDirectory::isRunDirectory(dir) && own.count(path.filename().string()) > 0;
  const bool timelineFile = dir.filename() == kTimelineDir && RunDirectory::isRunDirectory(dir.parent_path());
  if (runFile || timelineFile)
    throw Error("--out '" + out + "' is one of the run directory's own files: writing it would replace part of the "
                "run; choose another file (the run's exports/ folder is fine)");
}

}  // namespace latentlab::cli
