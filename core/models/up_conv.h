#pragma once
// The decoders' and generators' transposed convolutions (models/layers.h, models/gan.cpp). LibTorch 1.13 sends a
// CPU transposed convolution to its slow path (im2col and col2im around a matrix product), while a convolution goes
// to oneDNN. A transposed convolution is the adjoint of a convolution with the same weight, so it is computed as
// one: the forward pass is a convolution's input gradient, the backward pass a convolution and a convolution's weight
// gradient, all in oneDNN, about twice as fast at 28 px (docs/performance.md). The parameters are ConvTranspose2d's
// (names, shapes, initial values), so checkpoints
// and exports are the same; on a GPU, or for what the adjoint does not cover, it is LibTorch's own.
#include <torch/torch.h>

#include <ostream>

namespace latentlab {

class UpConv2dImpl : public torch::nn::Cloneable<UpConv2dImpl> {
 public:
  explicit UpConv2dImpl(torch::nn::ConvTranspose2dOptions options);
  void reset() override;
  torch::Tensor forward(const torch::Tensor& input);
  void pretty_print(std::ostream& stream) const override;

  torch::nn::ConvTranspose2dOptions options;
  torch::Tensor weight;
  torch::Tensor bias;  // undefined without a bias, as in ConvTranspose2d
};
TORCH_MODULE(UpConv2d);

// conv_transpose2d(input, weight, bias, stride, padding) with no output padding, dilation or groups, computed as
// above on the CPU in 32-bit floats and by LibTorch otherwise.
torch::Tensor upConv2d(const torch::Tensor& input, const torch::Tensor& weight, const torch::Tensor& bias,
                       torch::IntArrayRef stride, torch::IntArrayRef padding);

}  // namespace latentlab
