// The fused Adam step: LibTorch's Adam arithmetic in one pass, on LibTorch's own optimizer state.
#include "runner/fused_adam.h"

#include <gtest/gtest.h>

#include <sstream>

using namespace latentlab;

namespace {

std::vector<torch::Tensor> makeParams(uint64_t seed) {
  torch::manual_seed(seed);
  return {torch::randn({37, 19}).requires_grad_(), torch::randn({1000}).requires_grad_(),
          torch::randn({3}).requires_grad_()};
}

void backwardOn(const std::vector<torch::Tensor>& params, int step) {
  torch::Tensor loss = torch::zeros({});
  for (const auto& p : params) loss = loss + (p * (1.0 + 0.1 * step) - 0.5).pow(2).sum() + p.sin().sum();
  loss.backward();
}

// Steps [from, to) of the same problem on both: the fused step on `mine`, LibTorch's on `theirs`.
void stepBoth(std::vector<torch::Tensor>& mine, torch::optim::Adam& fused, std::vector<torch::Tensor>& theirs,
              torch::optim::Adam& reference, int from, int to) {
  for (int step = from; step < to; ++step) {
    zeroGradients(fused);
    reference.zero_grad();
    backwardOn(mine, step);
    backwardOn(theirs, step);
    adamStep(fused);
    reference.step();
  }
}

double maxDifference(const std::vector<torch::Tensor>& a, const std::vector<torch::Tensor>& b) {
  double d = 0;
  for (size_t i = 0; i < a.size(); ++i) d = std::max(d, (a[i] - b[i]).abs().max().item<double>());
  return d;
}

}  // namespace

TEST(FusedAdam, FollowsLibTorchsAdam) {
  for (const auto& options : {torch::optim::AdamOptions(1e-3), torch::optim::AdamOptions(2e-4).betas({0.5, 0.999})}) {
    auto mine = makeParams(7), theirs = makeParams(7);
    torch::optim::Adam fused(mine, options), reference(theirs, options);
    stepBoth(mine, fused, theirs, reference, 0, 50);
    const double moved = maxDifference(mine, makeParams(7));
    EXPECT_GT(moved, 1e-3);                                // it trains ...
    EXPECT_LT(maxDifference(mine, theirs), 1e-4 * moved);  // ... as LibTorch's Adam does, to rounding
  }
}

TEST(FusedAdam, KeepsLibTorchsStateSoCheckpointsAndOptimizersMix) {
  auto mine = makeParams(3), theirs = makeParams(3);
  torch::optim::Adam fused(mine, torch::optim::AdamOptions(1e-3));
  for (int step = 0; step < 20; ++step) {
    zeroGradients(fused);
    backwardOn(mine, step);
    adamStep(fused);
  }
  // Saved after fused steps, loaded into LibTorch's Adam on the same weights: both continue alike.
  std::stringstream bytes;
  {
    torch::serialize::OutputArchive archive;
    fused.save(archive);
    archive.save_to(bytes);
  }
  for (size_t i = 0; i < mine.size(); ++i) theirs[i].data().copy_(mine[i].detach());
  torch::optim::Adam reference(theirs, torch::optim::AdamOptions(1e-3));
  torch::serialize::InputArchive archive;
  archive.load_from(bytes);
  reference.load(archive);
  stepBoth(mine, fused, theirs, reference, 20, 30);
  EXPECT_LT(maxDifference(mine, theirs), 1e-5);
}

TEST(FusedAdam, OptionsItDoesNotFuseGoToLibTorchsStep) {
  auto mine = makeParams(5), theirs = makeParams(5);
  const auto options = torch::optim::AdamOptions(1e-3).amsgrad(true).weight_decay(0.01);
  torch::optim::Adam fused(mine, options), reference(theirs, options);
  stepBoth(mine, fused, theirs, reference, 0, 10);
  EXPECT_EQ(maxDifference(mine, theirs), 0.0);
}

TEST(FusedAdam, ZeroGradientsKeepsTheGradientTensors) {
  auto params = makeParams(1);
  torch::optim::Adam optimizer(params, torch::optim::AdamOptions(1e-3));
  backwardOn(params, 0);
  const void* before = params[0].grad().data_ptr();
  zeroGradients(optimizer);
  EXPECT_EQ(params[0].grad().data_ptr(), before);
  EXPECT_EQ(params[0].grad().abs().sum().item<float>(), 0.0f);
}
