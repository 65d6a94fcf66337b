// UpConv2d (models/up_conv.h) computes a transposed convolution as the adjoint of a convolution: it must give
// ConvTranspose2d's initial parameters, outputs and gradients, so that checkpoints, exports and training are the same.
#include <gtest/gtest.h>
#include <torch/torch.h>

#include <string>

#include "models/up_conv.h"

using namespace latentlab;

namespace {

struct Layer {
  int64_t in, out, stride, padding, side;
  bool bias;
};

void expectSameAsConvTranspose(const Layer& l, torch::Dtype dtype) {
  const auto options =
      torch::nn::ConvTranspose2dOptions(l.in, l.out, 4).stride(l.stride).padding(l.padding).bias(l.bias);
  torch::manual_seed(11);
  torch::nn::ConvTranspose2d reference(options);
  torch::manual_seed(11);
  UpConv2d ours(options);
  reference->to(dtype);
  ours->to(dtype);
  ASSERT_EQ(ours->named_parameters().size(), reference->named_parameters().size());
  for (const auto& p : reference->named_parameters()) {
    ASSERT_TRUE(ours->named_parameters().contains(p.key())) << p.key();
    EXPECT_TRUE(torch::equal(ours->named_parameters()[p.key()], p.value())) << p.key() << ": another initial value";
  }
  const auto x = torch::randn({5, l.in, l.side, l.side}, dtype).requires_grad_();
  const auto y = reference->forward(x);
  const auto z = ours->forward(x);
  ASSERT_EQ(z.sizes(), y.sizes());
  EXPECT_TRUE(torch::allclose(z, y, 1e-4, 1e-4)) << "max difference " << (z - y).abs().max().item<double>();
  const auto g = torch::randn_like(y);
  std::vector<torch::Tensor> inputs{x, reference->weight};
  if (l.bias) inputs.push_back(reference->bias);
  const auto expected = torch::autograd::grad({(y * g).sum()}, inputs);
  inputs[1] = ours->weight;
  if (l.bias) inputs[2] = ours->bias;
  const auto got = torch::autograd::grad({(z * g).sum()}, inputs);
  const char* names[] = {"input", "weight", "bias"};
  for (size_t i = 0; i < got.size(); ++i)
    EXPECT_TRUE(torch::allclose(got[i], expected[i], 1e-3, 1e-3))
        << names[i] << " gradient, max difference " << (got[i] - expected[i]).abs().max().item<double>();
}

}  // namespace

TEST(UpConv2d, MatchesConvTranspose2dInValuesAndGradients) {
  expectSameAsConvTranspose({64, 32, 2, 1, 7, true}, torch::kFloat32);    // vae-conv's decoder, 7 -> 14
  expectSameAsConvTranspose({32, 1, 2, 1, 14, true}, torch::kFloat32);    // 14 -> 28, one channel out
  expectSameAsConvTranspose({128, 64, 2, 1, 7, false}, torch::kFloat32);  // dcgan's generator, no bias
  expectSameAsConvTranspose({20, 16, 1, 0, 1, false}, torch::kFloat32);   // dcgan 64 px: a code to 4x4
  expectSameAsConvTranspose({8, 4, 2, 1, 5, true}, torch::kFloat64);      // LibTorch's own path
}

TEST(UpConv2d, EvaluatesWithoutGradientsAndKeepsItsTypeWhenCloned) {
  UpConv2d layer(torch::nn::ConvTranspose2dOptions(16, 8, 4).stride(2).padding(1));
  const auto x = torch::randn({3, 16, 7, 7});
  torch::Tensor expected;
  {
    torch::NoGradGuard noGrad;
    expected = layer->forward(x);
    EXPECT_FALSE(expected.requires_grad());
  }
  torch::nn::Sequential net(layer);
  auto copy = std::dynamic_pointer_cast<torch::nn::SequentialImpl>(net->clone());
  ASSERT_TRUE(copy);
  ASSERT_TRUE(copy->ptr<UpConv2dImpl>(0)) << "a deep copy (the window's decoder) lost the layer's type";
  EXPECT_TRUE(torch::allclose(copy->forward(x), expected));
  EXPECT_NE(copy->ptr<UpConv2dImpl>(0)->weight.data_ptr(), layer->weight.data_ptr()) << "the copy shares weights";
}

TEST(UpConv2d, RefusesWhatTheAdjointDoesNotCover) {
  EXPECT_ANY_THROW(UpConv2d(torch::nn::ConvTranspose2dOptions(4, 4, 4).stride(2).output_padding(1)));
  EXPECT_ANY_THROW(UpConv2d(torch::nn::ConvTranspose2dOptions(4, 4, 4).groups(2)));
}
