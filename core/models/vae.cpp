#include "models/vae.h"

#include "models/layers.h"

namespace latentlab {
namespace nn = torch::nn;

VaeImpl::VaeImpl(const ModelConfig& config) : latent(config.latent) {
  if (config.kind == ModelKind::VaeConv) {
    encoder = register_module("encoder", convEncoder(config, 2 * config.latent));
    decoder = register_module("decoder", convDecoder(config));
  } else {
    const int64_t pixels = int64_t(config.channels) * config.height * config.width;
    encoder = register_module("encoder", nn::Sequential(nn::Flatten(), nn::Linear(pixels, config.hidden), nn::ReLU(),
                                                        nn::Linear(config.hidden, 2 * config.latent)));
    decoder =
        register_module("decoder", nn::Sequential(nn::Linear(config.latent, config.hidden), nn::ReLU(),
                                                  nn::Linear(config.hidden, pixels),
                                                  nn::Unflatten(nn::UnflattenOptions(1, {config.channels, config.height,
                                                                                         config.width}))));
  }
}

std::pair<torch::Tensor, torch::Tensor> VaeImpl::encode(const torch::Tensor& x) {
  auto stats = encoder->forward(x).chunk(2, 1);
  return {stats[0], stats[1]};
}

torch::Tensor VaeImpl::decode(const torch::Tensor& z) { return decoder->forward(z); }

VaeOutput VaeImpl::forward(const torch::Tensor& x, const torch::Tensor& noise) {
  auto [mu, logvar] = encode(x);
  const auto z = mu + noise * torch::exp(0.5 * logvar);
  return {decode(z), mu, logvar};
}

VaeLoss vaeLoss(const VaeOutput& out, const torch::Tensor& x, Likelihood likelihood, double beta) {
  const double batch = double(x.size(0));
  torch::Tensor recon;
  if (likelihood == Likelihood::Bernoulli) {
    recon = torch::binary_cross_entropy_with_logits(out.logits, x, {}, {}, at::Reduction::Sum) / batch;
  } else {
    const double scale = 1.0 / (2.0 * kGaussianSigma * kGaussianSigma);
    recon = (torch::sigmoid(out.logits) - x).pow(2).sum() * (scale / batch);
  }
  const auto kl = -0.5 * torch::sum(1 + out.logvar - out.mu.pow(2) - out.logvar.exp()) / batch;
  return {recon + beta * kl, recon, kl};
}

torch::Tensor klPerDimension(const torch::Tensor& mu, const torch::Tensor& logvar) {
  return (-0.5 * (1 + logvar - mu.pow(2) - logvar.exp())).sum(0);
}

}  // namespace latentlab
