#pragma once
// A run that this process reads but does not write: another process (the CLI here, a job on a cluster writing to
// a shared folder) trains it, or nobody does any more (a saved run). A worker polls the directory: the appended
// logs by offset, the owner record, model.pt and the timeline, and publishes Snapshots like the trainer does.
// Read-only: it never writes a byte into the run. See docs/architecture.md, "Sources".
#include <limits>
#include <filesystem>
#include <memory>

#include "data/dataset.h"
#include "source/source.h"

namespace latentlab {

struct FollowOptions {
  double pollSeconds = 0.5;
  double latentRefreshSeconds = 3.0;  // how often the scatter's codes are recomputed for a moving model
  int64_t maxLatentPoints = std::numeric_limits<int64_t>::max();  // every point: the scatter samples nothing
  bool loadModels = true;  // false: history and status only (latentlab-cli follow)
};

class RunFollower : public Source {
 public:
  // Reads config.json at once (throws latentlab::Error for a directory that is not a run). `data`: the run's data
  // set for reconstructions and the scatter, or null.
  RunFollower(const std::filesystem::path& runDir, std::shared_ptr<const Dataset> data, FollowOptions options = {});
  ~RunFollower() override;  // stops polling, joins
  RunFollower(const RunFollower&) = delete;
  RunFollower& operator=(const RunFollower&) = delete;

  std::shared_ptr<const Snapshot> snapshot() const override;  // never null
  // A saved run (nobody writes it now) can be continued here; a followed one once its writer stops.
  SourceAbilities abilities() const override;
  bool busy() const override;  // the run has not been read once yet
  void pollNow();              // poll again without waiting for the period
  // Waits until a poll finished after this call (the CLI and tests; never the window's frame loop).
  void waitForPoll();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace latentlab
