#include "models/up_conv.h"

#include <array>
#include <vector>

#include "util/error.h"

namespace latentlab {

namespace {

using torch::autograd::AutogradContext;
using torch::autograd::variable_list;

const std::array<int64_t, 2> kNoDilation{1, 1};
const std::array<int64_t, 2> kNoOutputPadding{0, 0};

// The transposed convolution y = T(x) of a convolution C with the same weight (C: y-shaped -> x-shaped):
//   y = C^T x           the input gradient of C, given x as its output gradient;
//   dx = C dy           a convolution;
//   dW = the weight gradient of C at input dy and output gradient x.
struct AdjointConvolution : torch::autograd::Function<AdjointConvolution> {
  static torch::Tensor forward(AutogradContext* ctx, const torch::Tensor& input, const torch::Tensor& weight,
                               std::vector<int64_t> stride, std::vector<int64_t> padding) {
    const int64_t outH = (input.size(2) - 1) * stride[0] - 2 * padding[0] + weight.size(2);
    const int64_t outW = (input.size(3) - 1) * stride[1] - 2 * padding[1] + weight.size(3);
    const auto x = input.contiguous();  // as oneDNN reads it, here and in backward
    // Only its sizes and type are read: oneDNN's input gradient needs the shape of the convolution's input.
    const auto shape = at::empty({x.size(0), weight.size(1), outH, outW}, x.options());
    auto output = std::get<0>(at::convolution_backward(x, shape, weight, c10::nullopt, stride, padding, kNoDilation,
                                                       false, kNoOutputPadding, 1, {true, false, false}));
    ctx->save_for_backward({x, weight});
    ctx->saved_data["stride"] = stride;
    ctx->saved_data["padding"] = padding;
    return output;
  }

  static variable_list backward(AutogradContext* ctx, variable_list gradOutputs) {
    const auto saved = ctx->get_saved_variables();
    const auto& input = saved[0];
    const auto& weight = saved[1];
    const auto stride = ctx->saved_data["stride"].toIntVector();
    const auto padding = ctx->saved_data["padding"].toIntVector();
    const auto grad = gradOutputs[0].contiguous();
    torch::Tensor gradInput, gradWeight;
    if (ctx->needs_input_grad(0)) gradInput = at::conv2d(grad, weight, {}, stride, padding);
    if (ctx->needs_input_grad(1))
      gradWeight = std::get<1>(at::convolution_backward(input, grad, weight, c10::nullopt, stride, padding, kNoDilation,
                                                        false, kNoOutputPadding, 1, {false, true, false}));
    return {gradInput, gradWeight, torch::Tensor(), torch::Tensor()};
  }
};

}  // namespace

torch::Tensor upConv2d(const torch::Tensor& input, const torch::Tensor& weight, const torch::Tensor& bias,
                       torch::IntArrayRef stride, torch::IntArrayRef padding) {
  const bool adjoint = input.device().is_cpu() && input.scalar_type() == torch::kFloat32 &&
                       weight.scalar_type() == torch::kFloat32 && input.dim() == 4 && weight.dim() == 4 &&
                       input.size(0) > 0;
  if (!adjoint) return at::conv_transpose2d(input, weight, bias, stride, padding);
  auto output = AdjointConvolution::apply(input, weight, stride.vec(), padding.vec());
  return bias.defined() ? output + bias.view({1, -1, 1, 1}) : output;
}

UpConv2dImpl::UpConv2dImpl(torch::nn::ConvTranspose2dOptions options_) : options(std::move(options_)) { reset(); }

void UpConv2dImpl::reset() {
  const auto dilation = *options.dilation(), outputPadding = *options.output_padding();
  if (options.groups() != 1 || dilation[0] != 1 || dilation[1] != 1 || outputPadding[0] != 0 || outputPadding[1] != 0)
    throw Error("UpConv2d: groups, dilation and output padding are not supported");
  // Made by ConvTranspose2d itself, so the initial values (and the random numbers drawn) are its own.
  torch::nn::ConvTranspose2d made(options);
  weight = register_parameter("weight", made->weight);
  bias = options.bias() ? register_parameter("bias", made->bias) : register_parameter("bias", {}, false);
}

torch::Tensor UpConv2dImpl::forward(const torch::Tensor& input) {
  return upConv2d(input, weight, bias, *options.stride(), *options.padding());
}

void UpConv2dImpl::pretty_print(std::ostream& stream) const {
  stream << "latentlab::UpConv2d(" << options.in_channels() << ", " << options.out_channels()
         << ", kernel_size=" << options.kernel_size() << ", stride=" << options.stride()
         << ", padding=" << options.padding() << ")";
}

}  // namespace latentlab
