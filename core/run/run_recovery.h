#pragma once
// What an interrupted writer leaves in a run directory, and how the next writer deals with it:
// - temp files (".NAME.tmp.PID.N", core/io/atomic_file.h) of saves that a kill cut short: up to a checkpoint's size
//   each, invisible to readers, removed by whoever next takes ownership (it is then the only writer);
// - an unfinished creation: killed before the first save completed. New runs write config.json (what makes a
//   folder a run) after the first checkpoint, so such a folder has our files but no config.json; runs created by
//   earlier versions wrote config.json first, so there it is config.json with no checkpoint.pt and no metrics.
//   `train --out` may create a run there again (docs/run-format.md, "Creating a run").
#include <cstdint>
#include <filesystem>
#include <string>

namespace latentlab {

// True for the temp file names writeFileAtomic uses: a dot, the target's name, ".tmp.", the writer's pid, ".", N.
bool isTempFileName(const std::string& name);

struct TempCleanup {
  int files = 0;
  uint64_t bytes = 0;
};

// Removes the temp files in runDir and runDir/timeline that this process did not write. Call only as the run's
// owner: no one else writes it then, so every other temp file belongs to a writer that is gone.
TempCleanup removeStaleTempFiles(const std::filesystem::path& runDir);

// True when runDir holds a run whose creation never finished (see above): there is nothing in it to keep.
bool isUnfinishedRun(const std::filesystem::path& runDir);

// Removes the files of an unfinished creation (config.json, checkpoint.pt, logs, model files, timeline) so that a
// new run can be created in the folder. Anything else in the folder is left alone.
void clearUnfinishedRun(const std::filesystem::path& runDir);

}  // namespace latentlab
