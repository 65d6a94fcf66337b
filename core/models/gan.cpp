#include "models/gan.h"

#include "models/up_conv.h"

namespace latentlab {
namespace nn = torch::nn;

namespace {

nn::LeakyReLU leaky() { return nn::LeakyReLU(nn::LeakyReLUOptions().negative_slope(0.2)); }

UpConv2d upconv(int64_t in, int64_t out, int64_t stride, int64_t padding) {
  return UpConv2d(nn::ConvTranspose2dOptions(in, out, 4).stride(stride).padding(padding).bias(false));
}

nn::Conv2d downconv(int64_t in, int64_t out, int64_t stride, int64_t padding) {
  return nn::Conv2d(nn::Conv2dOptions(in, out, 4).stride(stride).padding(padding).bias(false));
}

void buildMlp(GanImpl& gan, const ModelConfig& c) {
  const int64_t pixels = int64_t(c.channels) * c.height * c.width, h = c.hidden;
  gan.generator =
      nn::Sequential(nn::Linear(c.latent, h), leaky(), nn::Linear(h, 2 * h), leaky(), nn::Linear(2 * h, pixels),
                     nn::Tanh(), nn::Unflatten(nn::UnflattenOptions(1, {c.channels, c.height, c.width})));
  gan.discriminator = nn::Sequential(nn::Flatten(), nn::Linear(pixels, 2 * h), leaky(), nn::Linear(2 * h, h), leaky(),
                                     nn::Linear(h, 1));
}

void buildDcgan28(GanImpl& gan, const ModelConfig& c) {
  gan.generator = nn::Sequential(nn::Linear(c.latent, 128 * 7 * 7), nn::BatchNorm1d(128 * 7 * 7), nn::ReLU(),
                                 nn::Unflatten(nn::UnflattenOptions(1, {128, 7, 7})), upconv(128, 64, 2, 1),
                                 nn::BatchNorm2d(64), nn::ReLU(), upconv(64, c.channels, 2, 1), nn::Tanh());
  gan.discriminator = nn::Sequential(downconv(c.channels, 64, 2, 1), leaky(), downconv(64, 128, 2, 1),
                                     nn::BatchNorm2d(128), leaky(), nn::Flatten(), nn::Linear(128 * 7 * 7, 1));
}

void buildDcgan64(GanImpl& gan, const ModelConfig& c) {
  gan.generator =
      nn::Sequential(nn::Unflatten(nn::UnflattenOptions(1, {c.latent, 1, 1})), upconv(c.latent, 256, 1, 0),
                     nn::BatchNorm2d(256), nn::ReLU(), upconv(256, 128, 2, 1), nn::BatchNorm2d(128), nn::ReLU(),
                     upconv(128, 64, 2, 1), nn::BatchNorm2d(64), nn::ReLU(), upconv(64, 32, 2, 1), nn::BatchNorm2d(32),
                     nn::ReLU(), upconv(32, c.channels, 2, 1), nn::Tanh());
  gan.discriminator =
      nn::Sequential(downconv(c.channels, 32, 2, 1), leaky(), downconv(32, 64, 2, 1), nn::BatchNorm2d(64), leaky(),
                     downconv(64, 128, 2, 1), nn::BatchNorm2d(128), leaky(), downconv(128, 256, 2, 1),
                     nn::BatchNorm2d(256), leaky(), downconv(256, 1, 1, 0), nn::Flatten());
}

}  // namespace

GanImpl::GanImpl(const ModelConfig& config) : latent(config.latent) {
  if (config.kind == ModelKind::Dcgan) {
    if (config.height == 64) buildDcgan64(*this, config);
    else buildDcgan28(*this, config);
  } else {
    buildMlp(*this, config);
  }
  register_module("generator", generator);
  register_module("discriminator", discriminator);
  if (config.kind == ModelKind::Dcgan) initDcganWeights(*this);
}

void initDcganWeights(nn::Module& module) {
  torch::NoGradGuard noGrad;
  for (auto& child : module.modules(/*include_self=*/false)) {
    const std::string name = child->name();
    const bool conv = name.find("Conv") != std::string::npos;
    const bool norm = name.find("BatchNorm") != std::string::npos;
    if (!conv && !norm) continue;
    for (auto& p : child->named_parameters(/*recurse=*/false)) {
      if (p.key() == "weight") {
        if (conv) p.value().normal_(0.0, 0.02);
        else p.value().normal_(1.0, 0.02);
      } else if (p.key() == "bias") {
        p.value().zero_();
      }
    }
  }
}

}  // namespace latentlab
