// A CPU training step cut into one shard per thread (runner/cpu_shards.h) must compute the whole batch's gradient,
// and must really run the shards on several threads: at::parallel_for from our code, built without OpenMP, quietly
// ran them one after the other on one thread.
#include <gtest/gtest.h>
#include <torch/torch.h>

#include <atomic>
#include <chrono>
#include <mutex>
#include <set>
#include <stdexcept>
#include <thread>

#include "runner/cpu_shards.h"

namespace latentlab {
namespace {

struct ThreadCount {
  explicit ThreadCount(int threads) : previous(at::get_num_threads()) { at::set_num_threads(threads); }
  ~ThreadCount() { at::set_num_threads(previous); }
  int previous;
};

TEST(CpuShards, ShardedGradientsEqualTheWholeBatchGradients) {
  ThreadCount two(2);
  torch::manual_seed(3);
  torch::nn::Sequential net(torch::nn::Linear(20, 32), torch::nn::ReLU(), torch::nn::Linear(32, 5));
  const auto x = torch::randn({96, 20});
  const auto y = torch::randn({96, 5});
  const auto params = net->parameters();
  auto lossOf = [&](int64_t begin, int64_t end) {
    const auto out = net->forward(x.slice(0, begin, end));
    const auto loss = (out - y.slice(0, begin, end)).pow(2).sum(1).mean();
    const double weight = double(end - begin) / double(x.size(0));
    return ShardLoss{loss * weight, torch::stack({loss.detach()}) * weight};
  };

  const ShardLoss whole = lossOf(0, 96);
  whole.objective.backward();
  std::vector<torch::Tensor> expected;
  for (auto& p : params) expected.push_back(p.grad().clone());
  for (auto& p : params) p.mutable_grad().zero_();

  for (int shards : {2, 3, 5}) {
    const auto values = shardedBackward(96, shards, params, lossOf);
    EXPECT_NEAR(values[0].item<double>(), whole.values[0].item<double>(), 1e-4) << shards << " shards";
    for (size_t i = 0; i < params.size(); ++i) {
      EXPECT_TRUE(torch::allclose(params[i].grad(), expected[i], 1e-4, 1e-5)) << shards << " shards, parameter " << i;
      params[i].mutable_grad().zero_();
    }
  }
}

TEST(CpuShards, GradientsAreAddedToThoseAlreadyThere) {
  ThreadCount two(2);
  auto w = torch::ones({4}, torch::requires_grad());
  w.mutable_grad() = torch::full({4}, 10.0f);
  shardedBackward(8, 2, {w}, [&](int64_t begin, int64_t end) {
    const double weight = double(end - begin) / 8.0;
    return ShardLoss{(w * 2).sum() * weight, torch::zeros({1})};
  });
  EXPECT_TRUE(torch::allclose(w.grad(), torch::full({4}, 12.0f)));
}

TEST(CpuShards, ShardsRunOnSeveralThreadsAtOnce) {
  ThreadCount two(2);
  ASSERT_EQ(cpuThreadsForTasks(), 2);
  EXPECT_EQ(cpuShardCount(torch::zeros({128, 1, 28, 28})), 2);
  EXPECT_EQ(cpuShardCount(torch::zeros({20, 1, 28, 28})), 1) << "a shard of fewer than 16 images is not worth a thread";
  // Both tasks must be inside one parallel region at the same time: each waits (briefly) for the other to arrive.
  std::atomic<int> arrived{0};
  std::mutex mutex;
  std::set<std::thread::id> threads;
  bool together = true, parallelInside = true;
  parallelTasks(2, [&](int64_t) {
    {
      std::lock_guard<std::mutex> lock(mutex);
      threads.insert(std::this_thread::get_id());
      parallelInside = parallelInside && at::in_parallel_region();
    }
    ++arrived;
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
    while (arrived.load() < 2 && std::chrono::steady_clock::now() < deadline) std::this_thread::yield();
    if (arrived.load() < 2) together = false;
  });
  EXPECT_EQ(threads.size(), 2u);
  EXPECT_TRUE(together);
  EXPECT_TRUE(parallelInside) << "LibTorch must see the region, so its operations stay on the shard's thread";
}

TEST(CpuShards, AShardsFailureReachesTheCaller) {
  ThreadCount two(2);
  auto w = torch::ones({4}, torch::requires_grad());
  EXPECT_THROW(shardedBackward(8, 2, {w},
                               [&](int64_t begin, int64_t) -> ShardLoss {
                                 if (begin > 0) throw std::runtime_error("shard failed");
                                 return {(w * 2).sum(), torch::zeros({1})};
                               }),
               std::runtime_error);
}

}  // namespace
}  // namespace latentlab
