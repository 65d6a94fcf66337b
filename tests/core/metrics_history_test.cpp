// MetricsHistory: chunked rows, cheap shared copies, rewinds, and range min/max from block summaries.
#include "snapshot/metrics_history.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <random>
#include <set>

#include "util/error.h"

using namespace latentlab;

namespace {

constexpr int64_t kChunk = MetricsHistory::kChunkRows;

// Row r of the test histories: step 2r + 1, values that identify the row and the series.
float valueAt(size_t series, int64_t step) { return float(step) * 0.5f + float(series) * 1000.0f; }

void appendRows(MetricsHistory& history, int64_t fromStep, int64_t count, int64_t stride = 2) {
  std::vector<float> row(history.series());
  for (int64_t i = 0; i < count; ++i) {
    const int64_t step = fromStep + i * stride;
    for (size_t s = 0; s < row.size(); ++s) row[s] = valueAt(s, step);
    history.append(step, row.data());
  }
}

MetricsHistory threeSeries() { return MetricsHistory({"loss", "recon", "kl"}); }

void expectRows(const MetricsHistory& history, int64_t rows, int64_t firstStep = 1, int64_t stride = 2) {
  ASSERT_EQ(history.rows(), rows);
  for (int64_t row = 0; row < rows; ++row) {
    const int64_t step = firstStep + row * stride;
    ASSERT_EQ(history.step(row), step) << row;
    for (size_t s = 0; s < history.series(); ++s) ASSERT_EQ(history.value(s, row), valueAt(s, step)) << row;
  }
}

}  // namespace

TEST(MetricsHistory, EmptyHistory) {
  const MetricsHistory none;
  EXPECT_TRUE(none.empty());
  EXPECT_EQ(none.series(), 0u);
  EXPECT_EQ(none.lastStep(), -1);
  const auto history = threeSeries();
  EXPECT_EQ(history.series(), 3u);
  EXPECT_EQ(history.names()[1], "recon");
  EXPECT_EQ(history.rows(), 0);
  EXPECT_EQ(history.firstRowAtOrAfter(5), 0);
  const auto [lo, hi] = history.minMax(0, 0, 0);
  EXPECT_GT(lo, hi) << "an empty range has no min or max";
}

TEST(MetricsHistory, AppendsAcrossChunkBoundaries) {
  auto history = threeSeries();
  const int64_t rows = 3 * kChunk + 17;
  appendRows(history, 1, rows);
  expectRows(history, rows);
  EXPECT_FALSE(history.empty());
  EXPECT_EQ(history.sealedChunks(), 3u);
  EXPECT_EQ(history.lastStep(), 1 + 2 * (rows - 1));
  EXPECT_EQ(history.last(2), valueAt(2, history.lastStep()));
  EXPECT_EQ(history.firstRowAtOrAfter(1), 0);
  EXPECT_EQ(history.firstRowAtOrAfter(2), 1);
  EXPECT_EQ(history.firstRowAtOrAfter(3), 1);
  EXPECT_EQ(history.firstRowAtOrAfter(-100), 0);
  EXPECT_EQ(history.firstRowAtOrAfter(1 + 2 * kChunk), kChunk) << "the first row of the second chunk";
  EXPECT_EQ(history.firstRowAtOrAfter(2 * kChunk), kChunk);
  EXPECT_EQ(history.firstRowAtOrAfter(history.lastStep()), rows - 1);
  EXPECT_EQ(history.firstRowAtOrAfter(history.lastStep() + 1), rows);
}

TEST(MetricsHistory, AppendWithAStepThatDoesNotFollowThrows) {
  auto history = threeSeries();
  appendRows(history, 10, 1);
  const float row[3] = {1, 2, 3};
  EXPECT_THROW(history.append(10, row), Error);
  EXPECT_THROW(history.append(9, row), Error);
  EXPECT_EQ(history.rows(), 1);
  EXPECT_NO_THROW(history.append(11, row));
}

TEST(MetricsHistory, RewindInsideTheTailThenAppendAgain) {
  auto history = threeSeries();
  appendRows(history, 1, kChunk + 100);
  const uint64_t generation = history.generation();
  history.rewindTo(1 + 2 * (kChunk + 50));  // keeps rows [0, kChunk + 50)
  EXPECT_NE(history.generation(), generation);
  expectRows(history, kChunk + 50);
  EXPECT_EQ(history.sealedChunks(), 1u);
  appendRows(history, 1 + 2 * (kChunk + 50), kChunk);
  expectRows(history, 2 * kChunk + 50);
  EXPECT_EQ(history.sealedChunks(), 2u);
}

TEST(MetricsHistory, RewindAcrossChunksThenAppendAgain) {
  auto history = threeSeries();
  appendRows(history, 1, 4 * kChunk + 10);
  const MetricsHistory before = history;
  history.rewindTo(2 * (kChunk + 7));  // an even step: keeps the rows with steps below it, rows [0, kChunk + 7)
  expectRows(history, kChunk + 7);
  EXPECT_EQ(history.sealedChunks(), 1u);
  EXPECT_EQ(history.sealedChunkIdentity(0), before.sealedChunkIdentity(0)) << "the chunk before is still shared";
  const auto [lo, hi] = history.minMax(0, 0, history.rows());
  EXPECT_EQ(lo, valueAt(0, 1));
  EXPECT_EQ(hi, valueAt(0, history.lastStep())) << "the summaries forgot the dropped rows";
  appendRows(history, 1 + 2 * (kChunk + 7), 2 * kChunk);
  expectRows(history, 3 * kChunk + 7);
  expectRows(before, 4 * kChunk + 10);  // the copy made before the rewind is untouched

  // Exactly at a chunk boundary, and to nothing.
  history.rewindTo(1 + 2 * kChunk);
  expectRows(history, kChunk);
  EXPECT_EQ(history.sealedChunks(), 1u);
  appendRows(history, 1 + 2 * kChunk, 3);
  expectRows(history, kChunk + 3);
  history.rewindTo(0);
  EXPECT_TRUE(history.empty());
  EXPECT_EQ(history.lastStep(), -1);
  appendRows(history, 1, 5);
  expectRows(history, 5);
}

TEST(MetricsHistory, GenerationChangesOnlyWhenRowsAreRemoved) {
  auto history = threeSeries();
  const uint64_t fresh = history.generation();
  EXPECT_NE(MetricsHistory({"a"}).generation(), fresh) << "another history has another lineage";
  appendRows(history, 1, 100);
  EXPECT_EQ(history.generation(), fresh) << "appending keeps it";
  history.rewindTo(1000);
  EXPECT_EQ(history.generation(), fresh) << "nothing removed";
  const MetricsHistory copy = history;
  EXPECT_EQ(copy.generation(), fresh);
  history.rewindTo(100);
  const uint64_t once = history.generation();
  EXPECT_NE(once, fresh);
  history.rewindTo(50);
  EXPECT_NE(history.generation(), once);
}

TEST(MetricsHistory, CopiesShareSealedChunksAndStayUnchanged) {
  auto history = threeSeries();
  appendRows(history, 1, 5 * kChunk + 300);
  const MetricsHistory copy = history;
  ASSERT_EQ(copy.sealedChunks(), 5u);
  for (size_t c = 0; c < 5; ++c) EXPECT_EQ(copy.sealedChunkIdentity(c), history.sealedChunkIdentity(c)) << c;
  // The copy holds the rows once, not twice: what it adds of its own is the partial chunk.
  appendRows(history, 1 + 2 * (5 * kChunk + 300), 2 * kChunk);
  expectRows(copy, 5 * kChunk + 300);
  expectRows(history, 7 * kChunk + 300);
  for (size_t c = 0; c < 5; ++c) EXPECT_EQ(copy.sealedChunkIdentity(c), history.sealedChunkIdentity(c)) << c;
  // A copy of a copy, assigned over: still the same chunks.
  MetricsHistory again;
  again = history;
  for (size_t c = 0; c < 7; ++c) EXPECT_EQ(again.sealedChunkIdentity(c), history.sealedChunkIdentity(c)) << c;
}

TEST(MetricsHistory, MemoryIsAboutTheRows) {
  auto history = MetricsHistory({"a", "b", "c", "d"});
  appendRows(history, 1, 20 * kChunk);
  const double perRow = double(history.memoryBytes()) / double(history.rows());
  EXPECT_GE(perRow, 8 + 4 * 4);
  EXPECT_LT(perRow, 8 + 4 * 4 + 4);  // steps, values, and a few percent of summaries
}

TEST(MetricsHistory, MinMaxEqualsBruteForce) {
  std::mt19937 random(7);
  std::normal_distribution<float> normal;
  MetricsHistory history({"a", "b"});
  const int64_t rows = 3 * kChunk + 1234;
  std::vector<std::vector<float>> plain(2);
  std::vector<float> row(2);
  for (int64_t r = 0; r < rows; ++r) {
    for (size_t s = 0; s < 2; ++s)
      plain[s].push_back(row[s] = normal(random) * float(s + 1) + (r % 997 == 0 ? 50.f : 0.f));
    history.append(r * 3, row.data());
  }
  auto check = [&](const MetricsHistory& h, int64_t n) {
    std::uniform_int_distribution<int64_t> any(0, n);
    for (int trial = 0; trial < 3000; ++trial) {
      int64_t begin = any(random), end = any(random);
      if (trial % 3 == 0) end = std::min(n, begin + any(random) % 200);  // short ranges too
      if (begin > end) std::swap(begin, end);
      if (begin == end) continue;
      const size_t s = size_t(trial % 2);
      const auto [lo, hi] = std::minmax_element(plain[s].begin() + begin, plain[s].begin() + end);
      const auto got = h.minMax(s, begin, end);
      ASSERT_EQ(got.first, *lo) << begin << ".." << end;
      ASSERT_EQ(got.second, *hi) << begin << ".." << end;
    }
  };
  check(history, rows);
  // After rewinding into a sealed chunk the summaries of the now partial chunk are recomputed.
  history.rewindTo(3 * (2 * kChunk + 555));
  const int64_t kept = 2 * kChunk + 555;
  for (auto& p : plain) p.resize(size_t(kept));
  check(history, kept);
  for (int64_t r = kept; r < kept + 700; ++r) {
    for (size_t s = 0; s < 2; ++s) plain[s].push_back(row[s] = normal(random) - 3.0f);
    history.append(r * 3, row.data());
  }
  check(history, kept + 700);
}

TEST(BlockMinMax, MinMaxEqualsBruteForce) {
  std::mt19937 random(11);
  std::uniform_real_distribution<float> uniform(-1, 1);
  BlockMinMax blocks;
  std::vector<float> plain;
  for (int i = 0; i < 2 * kChunk + 777; ++i) {
    plain.push_back(uniform(random));
    blocks.push(plain.back());
  }
  ASSERT_EQ(blocks.size(), plain.size());
  std::uniform_int_distribution<int64_t> any(0, int64_t(plain.size()));
  for (int trial = 0; trial < 2000; ++trial) {
    int64_t begin = any(random), end = any(random);
    if (begin > end) std::swap(begin, end);
    if (begin == end) continue;
    const auto [lo, hi] = std::minmax_element(plain.begin() + begin, plain.begin() + end);
    const auto got = blocks.minMax(begin, end);
    ASSERT_EQ(got.first, *lo);
    ASSERT_EQ(got.second, *hi);
  }
  blocks.clear();
  EXPECT_EQ(blocks.size(), 0u);
}

TEST(PlotSpans, ColumnsCoverTheViewWithoutLosingASpike) {
  MetricsHistory history({"loss"});
  for (int64_t step = 0; step < 100000; ++step) {
    const float v = step == 54321 ? 100.0f : 1.0f + float(step % 10) * 0.01f;
    history.append(step, &v);
  }
  const auto bounds = plotColumnBounds(history, 0, 100000, 1000);
  ASSERT_EQ(bounds.size(), 1001u);
  EXPECT_EQ(bounds.front(), 0);
  EXPECT_EQ(bounds.back(), 100000);
  EXPECT_EQ(bounds[543], 54300);
  const auto spans = plotSpans(history, bounds, 0, 100000, 0);
  ASSERT_EQ(spans.size(), 1000u) << "one per column, nothing outside the view";
  EXPECT_EQ(spans[543].max, 100.0f);
  EXPECT_EQ(spans[543].min, 1.0f);
  EXPECT_FLOAT_EQ(spans[10].x, 10.5f);
  EXPECT_FLOAT_EQ(spans[10].max, 1.09f);

  // Zoomed in: fewer steps than columns, so each row is its own span at its own x, plus one on each side.
  const auto zoomed = plotSpans(history, plotColumnBounds(history, 100, 150, 500), 100, 150, 0);
  ASSERT_EQ(zoomed.size(), 52u);
  EXPECT_TRUE(zoomed.front().outside);
  EXPECT_TRUE(zoomed.back().outside);
  EXPECT_FLOAT_EQ(zoomed[1].x, 0.0f);
  EXPECT_FLOAT_EQ(zoomed[2].x, 10.0f);
  EXPECT_FALSE(zoomed[2].outside);
}
