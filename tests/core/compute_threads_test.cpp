// Only a trainer's thread computes in parallel (util/compute_threads.h). Every thread that runs a parallel LibTorch
// operation starts an OpenMP team that lives as long as the thread; with the main thread's team beside the
// trainer's, libgomp's workers outnumbered the cores and slept between operations: 2 threads on 2 cores trained
// vae-conv at half the speed of 1.
#include <gtest/gtest.h>
#include <torch/torch.h>

#include <filesystem>
#include <iterator>
#include <string>
#include <thread>

#include "util/compute_threads.h"

using namespace latentlab;

namespace {

int threadsOfThisProcess() {
  const std::filesystem::directory_iterator tasks("/proc/self/task");
  return int(std::distance(std::filesystem::begin(tasks), std::filesystem::end(tasks)));
}

// Large enough for LibTorch to split it over the intra-op threads (its grain is 32,768 elements).
void parallelOperation() {
  auto values = torch::rand({1 << 21});
  values.mul_(2).add_(1);
  ASSERT_GT(values.sum().item<double>(), 0);
}

struct ThreadCount {
  explicit ThreadCount(int threads) : previous(at::get_num_threads()) { at::set_num_threads(threads); }
  ~ThreadCount() { at::set_num_threads(previous); }
  int previous;
};

}  // namespace

TEST(ComputeThreads, AThreadComputingAloneStartsNoTeamAndOthersKeepTheCount) {
  if (at::get_parallel_info().find("OpenMP") == std::string::npos) GTEST_SKIP() << "LibTorch without OpenMP here";
  ThreadCount three(3);
  int grewWithTeam = 0, grewAlone = 0, countAlone = 0, countElsewhere = 0;
  std::thread([&] {  // the mechanism, so this test can fail: a thread's first parallel operation starts its team
    const int before = threadsOfThisProcess();
    parallelOperation();
    grewWithTeam = threadsOfThisProcess() - before;
  })
      .join();
  std::thread([&] {
    computeOnThisThreadAlone();
    const int before = threadsOfThisProcess();
    parallelOperation();
    grewAlone = threadsOfThisProcess() - before;
    countAlone = at::get_num_threads();
  }).join();
  std::thread([&] { countElsewhere = at::get_num_threads(); }).join();
  EXPECT_EQ(grewWithTeam, 2) << "a team of 3: the calling thread and 2 workers";
  EXPECT_EQ(grewAlone, 0) << "a thread computing alone started OpenMP workers";
  EXPECT_EQ(countAlone, 1);
  EXPECT_EQ(countElsewhere, 3) << "another thread lost the process's intra-op count";
  EXPECT_EQ(at::get_num_threads(), 3);
}

// A product whose exact value is a denormal float: flushed to zero on a thread that flushes, by every thread of its
// team (the tensor is large enough to be split among them), and kept on other threads. Before, training slowed by a
// fifth after its first epoch, when Adam's second moments turned denormal.
TEST(ComputeThreads, DenormalsAreFlushedOnTheThreadAndItsTeam) {
  if (at::get_parallel_info().find("OpenMP") == std::string::npos) GTEST_SKIP() << "LibTorch without OpenMP here";
  ThreadCount three(3);
  const auto denormalResults = [] {
    const auto tiny = torch::full({1 << 20}, 1e-20f);
    const auto product = tiny * tiny;                                 // 1e-40 < FLT_MIN
    return (product.view(torch::kInt32) != 0).sum().item<int64_t>();  // integer compare: blind to the flush mode
  };
  int64_t kept = -1, flushedHere = -1, keptElsewhere = -1;
  std::thread([&] { kept = denormalResults(); }).join();
  std::thread([&] {
    denormalResults();  // the team exists before the flush: its workers must be told too
    flushDenormalsHere();
    flushedHere = denormalResults();
  }).join();
  std::thread([&] { keptElsewhere = denormalResults(); }).join();
  EXPECT_EQ(kept, 1 << 20) << "this machine computed no denormals to begin with";
  EXPECT_EQ(flushedHere, 0) << "a thread of the team kept denormal results";
  EXPECT_EQ(keptElsewhere, 1 << 20) << "flushing leaked to another thread";
}
