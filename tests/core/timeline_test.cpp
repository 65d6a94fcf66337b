// The model timeline's policy: dense early, sparse late, bounded whatever the run's length.
#include "run/timeline.h"

#include <gtest/gtest.h>

#include <cmath>

#include "test_support.h"
#include "util/error.h"

using namespace latentlab;

namespace {

std::vector<int64_t> simulate(const TimelinePolicy& policy, int64_t steps) {
  std::vector<int64_t> kept;
  for (int64_t step = 0; step <= steps; ++step) {
    if (!timelineWants(policy, kept, step)) continue;
    kept.push_back(step);
    for (int64_t gone : timelineExcess(policy, kept)) kept.erase(std::find(kept.begin(), kept.end(), gone));
  }
  return kept;
}

}  // namespace

TEST(Timeline, AMillionStepsKeepABoundedLogSpreadTimeline) {
  const TimelinePolicy policy;
  const auto kept = simulate(policy, 1000000);
  EXPECT_LE(int(kept.size()), policy.maxSnapshots);
  EXPECT_GE(kept.size(), 30u);
  EXPECT_EQ(kept.front(), 0);
  EXPECT_GT(kept.back(), 800000);
  // Dense early: the first thousand steps have several snapshots; sparse late: few past half the run.
  EXPECT_GE(std::count_if(kept.begin(), kept.end(), [](int64_t s) { return s <= 1000; }), 8);
  EXPECT_LE(std::count_if(kept.begin(), kept.end(), [](int64_t s) { return s >= 500000; }), 4);
}

TEST(Timeline, ShortRunsKeepEverySnapshotThePolicyAsked) {
  const auto kept = simulate(TimelinePolicy{}, 200);
  EXPECT_EQ(kept, (std::vector<int64_t>{0, 20, 40, 60, 80, 100, 125, 157, 197}));
}

TEST(Timeline, FilesAreListedAndFoundAtOrBeforeAStep) {
  test::TempDir dir;
  TimelinePolicy policy;
  policy.maxSnapshots = 3;
  for (int64_t step : {0, 50, 100, 200}) writeTimelineSnapshot(dir.path(), step, "weights", policy);
  test::writeBytes(dir / "timeline" / ".step-000000000300.pt.tmp.1.0", "torn");  // a temp file is not an entry
  const auto entries = listTimeline(dir.path());
  ASSERT_EQ(entries.size(), 3u) << "thinned to the bound";
  EXPECT_EQ(entries.front().step, 0);
  EXPECT_EQ(entries.back().step, 200);
  EXPECT_EQ(timelineAtOrBefore(dir.path(), 199).step, entries[1].step);
  EXPECT_EQ(timelineAtOrBefore(dir.path(), 100000).step, 200);
  EXPECT_THROW(timelineAtOrBefore(test::TempDir().path(), 5), Error);
}
