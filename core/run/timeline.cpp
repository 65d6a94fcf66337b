#include "run/timeline.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "io/atomic_file.h"
#include "util/error.h"

namespace latentlab {
namespace fs = std::filesystem;

fs::path timelineFile(const fs::path& runDir, int64_t step) {
  char name[48];
  std::snprintf(name, sizeof name, "step-%012lld.pt", static_cast<long long>(step));
  return runDir / kTimelineDir / name;
}

std::vector<TimelineEntry> listTimeline(const fs::path& runDir) {
  std::vector<TimelineEntry> entries;
  std::error_code ec;
  for (fs::directory_iterator it(runDir / kTimelineDir, ec), end; !ec && it != end; it.increment(ec)) {
    const std::string name = it->path().filename().string();
    long long step = -1;
    char tail[4] = {};
    // Exactly "step-<digits>.pt"; temp files start with a dot.
    if (name.size() > 8 && name.rfind("step-", 0) == 0 &&
        std::sscanf(name.c_str(), "step-%lld.%3s", &step, tail) == 2 && std::string(tail) == "pt" && step >= 0 &&
        name.substr(name.size() - 3) == ".pt")
      entries.push_back({step, it->path()});
  }
  std::sort(entries.begin(), entries.end(), [](const auto& a, const auto& b) { return a.step < b.step; });
  return entries;
}

TimelineEntry timelineAtOrBefore(const fs::path& runDir, int64_t step) {
  const auto entries = listTimeline(runDir);
  TimelineEntry best{-1, {}};
  for (const auto& e : entries)
    if (e.step <= step) best = e;
  if (best.step < 0) {
    if (entries.empty()) throw Error("the run '" + runDir.string() + "' has no model timeline");
    throw Error("the run's timeline starts at step " + std::to_string(entries.front().step) +
                ": nothing at or before step " + std::to_string(step));
  }
  return best;
}

bool timelineWants(const TimelinePolicy& policy, const std::vector<int64_t>& kept, int64_t step) {
  if (kept.empty()) return true;
  const int64_t last = kept.back();
  if (step <= last) return false;
  return step - last >= policy.minGap && double(step) >= double(std::max<int64_t>(last, 1)) * policy.growth;
}

std::vector<int64_t> timelineExcess(const TimelinePolicy& policy, std::vector<int64_t> kept) {
  std::vector<int64_t> removed;
  const size_t bound = size_t(std::max(policy.maxSnapshots, 2));
  while (kept.size() > bound) {
    // Remove the inner snapshot whose neighbours are closest in log-step: the timeline stays evenly spread
    // on a log scale, whatever the run's length.
    size_t victim = 1;
    double smallest = INFINITY;
    for (size_t i = 1; i + 1 < kept.size(); ++i) {
      const double gap = std::log(double(kept[i + 1]) + 1) - std::log(double(kept[i - 1]) + 1);
      if (gap < smallest) smallest = gap, victim = i;
    }
    removed.push_back(kept[victim]);
    kept.erase(kept.begin() + long(victim));
  }
  return removed;
}

void writeTimelineSnapshot(const fs::path& runDir, int64_t step, const std::string& bytes,
                           const TimelinePolicy& policy) {
  std::error_code ec;
  fs::create_directories(runDir / kTimelineDir, ec);
  if (ec) throw Error("cannot create '" + (runDir / kTimelineDir).string() + "': " + ec.message());
  writeFileAtomic(timelineFile(runDir, step), bytes);
  std::vector<int64_t> kept;
  for (const auto& e : listTimeline(runDir)) kept.push_back(e.step);
  for (int64_t gone : timelineExcess(policy, kept)) fs::remove(timelineFile(runDir, gone), ec);
}

}  // namespace latentlab
