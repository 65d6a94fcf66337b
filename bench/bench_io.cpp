// Cost of the writes that happen while a user works: atomic checkpoint-sized writes and PNG exports.
#include <benchmark/benchmark.h>

#include <filesystem>

#include "io/atomic_file.h"
#include "io/image.h"

using namespace latentlab;

static void BM_AtomicWrite(benchmark::State& state) {
  const auto dir = std::filesystem::temp_directory_path();
  const std::string bytes(size_t(state.range(0)), 'x');
  for (auto _ : state) writeFileAtomic(dir / "latentlab-bench.bin", bytes);
  state.SetBytesProcessed(int64_t(state.iterations()) * state.range(0));
  std::filesystem::remove(dir / "latentlab-bench.bin");
}
BENCHMARK(BM_AtomicWrite)->Arg(1 << 12)->Arg(4 << 20)->Unit(benchmark::kMillisecond);

static void BM_EncodeSampleGridPng(benchmark::State& state) {
  Image grid(8 * 28, 8 * 28, 1);
  for (size_t i = 0; i < grid.pixels.size(); ++i) grid.pixels[i] = uint8_t((i * 2654435761u) >> 24);
  for (auto _ : state) benchmark::DoNotOptimize(encodePng(grid));
}
BENCHMARK(BM_EncodeSampleGridPng)->Unit(benchmark::kMillisecond);
