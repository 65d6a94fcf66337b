#pragma once
// Generative adversarial networks with the non-saturating loss (Goodfellow et al.): an MLP pair, and DCGAN
// (Radford et al.) for 28 and 64 pixel images. The generator ends in tanh: images live in [-1, 1] here.
#include <torch/torch.h>

#include "models/model_config.h"

namespace latentlab {

class GanImpl : public torch::nn::Module {
 public:
  explicit GanImpl(const ModelConfig& config);

  torch::nn::Sequential generator{nullptr};      // z (B x latent) -> B x C x H x W in [-1, 1]
  torch::nn::Sequential discriminator{nullptr};  // B x C x H x W -> B x 1 logit (real)
  int latent;
};
TORCH_MODULE(Gan);

// kGanAdamBeta1: the usual GAN Adam betas (0.5, 0.999) from the DCGAN paper.
constexpr double kGanAdamBeta1 = 0.5;

// DCGAN's initialisation: conv weights N(0, 0.02), batch-norm weights N(1, 0.02), biases 0.
void initDcganWeights(torch::nn::Module& module);

}  // namespace latentlab
