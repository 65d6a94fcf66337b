#pragma once
// The model timeline of a run: weights-only snapshots (what exploring needs, no optimizer state) in
// timeline/step-<step>.pt, plus model.pt, the newest weights, replaced every few seconds while training so that
// a window following the run sees the model move. Each file is written atomically.
//
// Default policy (TimelinePolicy): a snapshot at the first step, then whenever the step has grown by a quarter
// since the previous one (and by at least minGap steps): dense early, sparse late, so a run of a million steps
// has about 50. At most maxSnapshots are kept; beyond that the snapshot whose removal leaves the smallest
// step ratio between its neighbours goes (never the first or the newest). See docs/run-format.md.
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace latentlab {

constexpr const char* kTimelineDir = "timeline";
constexpr const char* kLatestModelFile = "model.pt";

struct TimelinePolicy {
  double growth = 1.25;   // next snapshot at step >= previous * growth
  int64_t minGap = 20;    // ... and at least this many steps later
  int maxSnapshots = 40;  // bound on count (and so on disk: 40 x the weights)
};

struct TimelineEntry {
  int64_t step = 0;
  std::filesystem::path file;
};

// The run's snapshots, oldest first (a directory listing; temp files ignored). Empty when there is none.
std::vector<TimelineEntry> listTimeline(const std::filesystem::path& runDir);

// The newest entry at or before `step`; throws latentlab::Error when there is none.
TimelineEntry timelineAtOrBefore(const std::filesystem::path& runDir, int64_t step);

// Whether the policy wants a snapshot at `step`, given the steps already kept (sorted).
bool timelineWants(const TimelinePolicy& policy, const std::vector<int64_t>& kept, int64_t step);

// The steps the policy removes when `kept` (sorted) exceeds its bound.
std::vector<int64_t> timelineExcess(const TimelinePolicy& policy, std::vector<int64_t> kept);

// Writes timeline/step-N.pt atomically (bytes: a serialized weights archive) and thins the timeline.
void writeTimelineSnapshot(const std::filesystem::path& runDir, int64_t step, const std::string& bytes,
                           const TimelinePolicy& policy);

std::filesystem::path timelineFile(const std::filesystem::path& runDir, int64_t step);

}  // namespace latentlab
