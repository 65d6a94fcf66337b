#include "cli_checks.h"

#include <CLI/CLI.hpp>

#include <filesystem>
#include <set>

#include "run/run_directory.h"
#include "run/run_log.h"
#include "run/run_owner.h"
#include "run/timeline.h"
#include "run/checkpoint.h"
#include "util/error.h"

namespace latentlab::cli {

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
    throw Error("--out '" + out +
                "' is one of the run directory's own files: writing it would replace part of the "
                "run; choose another file (the run's exports/ folder is fine)");
}

}  // namespace latentlab::cli
