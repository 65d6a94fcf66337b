#include "models/layers.h"

#include "models/up_conv.h"

namespace latentlab {
namespace nn = torch::nn;

std::vector<int64_t> convSides(int64_t side) {
  std::vector<int64_t> sides{side};
  while (sides.back() > 8 && sides.back() % 2 == 0) sides.push_back(sides.back() / 2);
  return sides;
}

int64_t convWidth(size_t depth) { return int64_t(32) << depth; }

nn::Sequential convEncoder(const ModelConfig& config, int64_t outputs) {
  const auto sides = convSides(config.height);
  nn::Sequential net;
  int64_t in = config.channels;
  for (size_t i = 0; i + 1 < sides.size(); ++i) {
    net->push_back(nn::Conv2d(nn::Conv2dOptions(in, convWidth(i), 4).stride(2).padding(1)));
    net->push_back(nn::ReLU());
    in = convWidth(i);
  }
  const int64_t flat = in * sides.back() * sides.back();
  net->push_back(nn::Flatten());
  net->push_back(nn::Linear(flat, 256));
  net->push_back(nn::ReLU());
  net->push_back(nn::Linear(256, outputs));
  return net;
}

nn::Sequential convDecoder(const ModelConfig& config) {
  const auto sides = convSides(config.height);
  const size_t depth = sides.size() - 1;
  const int64_t top = convWidth(depth - 1), side = sides.back();
  nn::Sequential net(nn::Linear(config.latent, 256), nn::ReLU(), nn::Linear(256, top * side * side), nn::ReLU(),
                     nn::Unflatten(nn::UnflattenOptions(1, {top, side, side})));
  for (size_t i = depth; i-- > 0;) {
    const int64_t out = i == 0 ? config.channels : convWidth(i - 1);
    net->push_back(UpConv2d(nn::ConvTranspose2dOptions(convWidth(i), out, 4).stride(2).padding(1)));
    if (i > 0) net->push_back(nn::ReLU());
  }
  return net;
}

}  // namespace latentlab
