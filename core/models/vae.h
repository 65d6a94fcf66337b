#pragma once
// Variational autoencoders (Kingma & Welling): an encoder to a diagonal Gaussian posterior, the
// reparameterisation trick, a standard normal prior, and a decoder to per-pixel logits. The MLP and the
// convolutional variants differ only in the layers their builders put in `encoder` and `decoder`.
#include <torch/torch.h>

#include "models/model_config.h"

namespace latentlab {

struct VaeOutput {
  torch::Tensor logits;  // B x C x H x W, decoder output before the sigmoid
  torch::Tensor mu;      // B x latent
  torch::Tensor logvar;  // B x latent
};

class VaeImpl : public torch::nn::Module {
 public:
  explicit VaeImpl(const ModelConfig& config);

  // (mu, logvar) of q(z | x) for images x in [0, 1].
  std::pair<torch::Tensor, torch::Tensor> encode(const torch::Tensor& x);
  torch::Tensor decode(const torch::Tensor& z);
  // `noise`: standard normal B x latent, drawn by the caller from its own generator (reproducible resumes).
  VaeOutput forward(const torch::Tensor& x, const torch::Tensor& noise);

  torch::nn::Sequential encoder{nullptr};  // x -> B x (2 * latent): mu and logvar side by side
  torch::nn::Sequential decoder{nullptr};  // z -> B x C x H x W logits
  int latent;
};
TORCH_MODULE(Vae);

struct VaeLoss {
  torch::Tensor total;  // mean over the batch of (reconstruction + beta * KL), per image
  torch::Tensor recon;  // mean reconstruction term per image (BCE summed over pixels, or Gaussian NLL)
  torch::Tensor kl;     // mean KL(q(z|x) || N(0, I)) per image
};

// kGaussianSigma: fixed per-pixel standard deviation of the Gaussian likelihood.
constexpr double kGaussianSigma = 0.1;

VaeLoss vaeLoss(const VaeOutput& out, const torch::Tensor& x, Likelihood likelihood, double beta);

// KL per latent dimension, summed over the batch (B x latent -> latent).
torch::Tensor klPerDimension(const torch::Tensor& mu, const torch::Tensor& logvar);

}  // namespace latentlab
