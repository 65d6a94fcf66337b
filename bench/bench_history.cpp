// The loss history at a million steps: what the trainer pays per row and per publish, and what the loss plot pays
// per redraw, none of which may grow with the run.
//   build/bench/latentlab_bench_history --benchmark_out=history.json --benchmark_out_format=json
#include <benchmark/benchmark.h>

#include <cmath>

#include "snapshot/metrics_history.h"

using namespace latentlab;

namespace {

constexpr int64_t kSteps = 1000000;

MetricsHistory millionSteps() {
  MetricsHistory history({"d_loss", "g_loss", "d_real", "d_fake"});
  float row[4];
  for (int64_t step = 0; step < kSteps; ++step) {
    const float t = float(step) * 1e-4f;
    row[0] = 1.0f + std::sin(t);
    row[1] = 2.0f + std::cos(t) + (step % 9973 == 0 ? 5.0f : 0.0f);
    row[2] = 0.5f + 0.1f * std::sin(3 * t);
    row[3] = 0.5f - 0.1f * std::sin(3 * t);
    history.append(step, row);
  }
  return history;
}

const MetricsHistory& shared() {
  static const MetricsHistory history = millionSteps();
  return history;
}

}  // namespace

// One row appended to a history that already holds a million (the trainer's flushLosses, per step).
static void BM_AppendRow(benchmark::State& state) {
  MetricsHistory history = shared();
  int64_t step = history.lastStep() + 1;
  const float row[4] = {1, 2, 0.5f, 0.5f};
  for (auto _ : state) history.append(step++, row);
  state.counters["rows_at_end"] = double(history.rows());
}
BENCHMARK(BM_AppendRow);

// The copy publish() makes of the whole history for every snapshot, at a million rows.
static void BM_PublishCopy(benchmark::State& state) {
  const MetricsHistory& history = shared();
  for (auto _ : state) {
    MetricsHistory copy = history;
    benchmark::DoNotOptimize(copy);
  }
  state.counters["rows"] = double(history.rows());
}
BENCHMARK(BM_PublishCopy)->Unit(benchmark::kMicrosecond);

// The loss plot's per-column min/max of all four series over the whole million steps, 1000 pixel columns.
static void BM_PlotSpans1000Columns(benchmark::State& state) {
  const MetricsHistory& history = shared();
  for (auto _ : state) {
    const auto bounds = plotColumnBounds(history, 0, double(history.lastStep() + 1), 1000);
    for (size_t s = 0; s < history.series(); ++s)
      benchmark::DoNotOptimize(plotSpans(history, bounds, 0, double(history.lastStep() + 1), s));
  }
}
BENCHMARK(BM_PlotSpans1000Columns)->Unit(benchmark::kMicrosecond);

// The same zoomed in on 5000 steps in the middle.
static void BM_PlotSpans1000ColumnsZoomed(benchmark::State& state) {
  const MetricsHistory& history = shared();
  for (auto _ : state) {
    const auto bounds = plotColumnBounds(history, 500000, 505000, 1000);
    for (size_t s = 0; s < history.series(); ++s)
      benchmark::DoNotOptimize(plotSpans(history, bounds, 500000, 505000, s));
  }
}
BENCHMARK(BM_PlotSpans1000ColumnsZoomed)->Unit(benchmark::kMicrosecond);

// Memory held per row at a million rows (steps, four series, block summaries).
static void BM_MemoryPerRow(benchmark::State& state) {
  const MetricsHistory& history = shared();
  size_t bytes = 0;
  for (auto _ : state) benchmark::DoNotOptimize(bytes = history.memoryBytes());
  state.counters["bytes_per_row"] = double(bytes) / double(history.rows());
  state.counters["total_MiB"] = double(bytes) / (1024.0 * 1024.0);
}
BENCHMARK(BM_MemoryPerRow);
