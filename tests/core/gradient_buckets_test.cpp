// The buffers a data-parallel step allreduces: gradients as views of flat buckets (no copies), or copied where
// a view cannot be. No process group needed: "reducing" here is scaling the buffers in place.
#include "dist/gradient_buckets.h"

#include <gtest/gtest.h>

using namespace latentlab;

namespace {

torch::Tensor lossOf(const std::vector<torch::Tensor>& params, const torch::Tensor& x) {
  torch::Tensor loss = torch::zeros({});
  for (const auto& p : params) loss = loss + (p * x.mean()).pow(2).sum();
  return loss;
}

bool inside(const torch::Tensor& view, const torch::Tensor& flat) {
  const auto* begin = static_cast<const char*>(flat.data_ptr());
  const auto* at = static_cast<const char*>(view.data_ptr());
  return at >= begin && at < begin + flat.numel() * flat.element_size();
}

}  // namespace

TEST(GradientBuckets, GradientsBecomeViewsOfTheBuffersAndBackwardWritesIntoThem) {
  std::vector<torch::Tensor> params{torch::randn({3, 4}).requires_grad_(), torch::randn({5}).requires_grad_(),
                                    torch::randn({2, 2}).requires_grad_()};
  GradientBuckets buckets(torch::kCPU, /*bucketBytes=*/40);  // 40 bytes: the 12-float tensor fills a bucket
  const auto values = torch::tensor({1.5f, -2.0f});
  lossOf(params, torch::ones({1})).backward();
  const std::vector<torch::Tensor> expected{params[0].grad().clone(), params[1].grad().clone(),
                                            params[2].grad().clone()};
  auto& flats = buckets.gather(params, values);
  ASSERT_EQ(flats.size(), 2u);  // {12 floats} {5 + 4 floats + 2 values}
  EXPECT_EQ(flats[0].numel(), 12);
  EXPECT_EQ(flats[1].numel(), 11);
  EXPECT_TRUE(inside(params[0].grad(), flats[0]));
  EXPECT_TRUE(inside(params[1].grad(), flats[1]));
  EXPECT_TRUE(inside(params[2].grad(), flats[1]));
  for (size_t i = 0; i < params.size(); ++i) EXPECT_TRUE(torch::equal(params[i].grad(), expected[i]));

  for (auto& flat : flats) flat.mul_(2);  // what the allreduce does to them, in place
  EXPECT_TRUE(torch::equal(buckets.scatter(values), values * 2));
  for (size_t i = 0; i < params.size(); ++i) EXPECT_TRUE(torch::equal(params[i].grad(), expected[i] * 2));

  // The next step: zeroed in place and accumulated by backward straight into the buffers.
  for (auto& p : params) p.mutable_grad().zero_();
  lossOf(params, torch::full({1}, 3.0f)).backward();
  EXPECT_TRUE(inside(params[0].grad(), flats[0]));
  auto& again = buckets.gather(params, values);
  EXPECT_EQ(again[0].data_ptr(), flats[0].data_ptr());
  EXPECT_TRUE(torch::allclose(again[0], (2 * 9 * params[0]).detach().reshape({-1})));
}

TEST(GradientBuckets, AMissingGradientIsZerosAndEachParameterListHasItsOwnBuffers) {
  std::vector<torch::Tensor> a{torch::randn({4}).requires_grad_()}, b{torch::randn({6}).requires_grad_()};
  GradientBuckets buckets(torch::kCPU);
  auto& fa = buckets.gather(a, torch::zeros({3}));  // no backward yet (a rank with no images in this batch)
  ASSERT_EQ(fa.size(), 1u);
  EXPECT_TRUE(torch::equal(a[0].grad(), torch::zeros({4})));
  const void* bufferA = fa[0].data_ptr();
  auto& fb = buckets.gather(b, torch::zeros({3}));
  EXPECT_NE(fb[0].data_ptr(), bufferA);
  EXPECT_EQ(buckets.gather(a, torch::zeros({3}))[0].data_ptr(), bufferA);
}

TEST(GradientBuckets, GradientsThatCannotBeViewsAreCopiedInAndOut) {
  std::vector<torch::Tensor> params{torch::randn({4}, torch::kFloat64).requires_grad_()};
  GradientBuckets buckets(torch::kCPU);
  lossOf(params, torch::ones({1}, torch::kFloat64)).backward();
  const auto expected = params[0].grad().clone();
  auto& flats = buckets.gather(params, torch::tensor({1.0f}));
  EXPECT_FALSE(inside(params[0].grad(), flats[0]));
  EXPECT_TRUE(torch::allclose(flats[0].slice(0, 0, 4).to(torch::kFloat64), expected));
  flats[0].mul_(3);
  EXPECT_TRUE(torch::equal(buckets.scatter(torch::tensor({1.0f})), torch::tensor({3.0f})));
  EXPECT_TRUE(torch::allclose(params[0].grad(), expected * 3, 1e-6, 1e-6));
}
