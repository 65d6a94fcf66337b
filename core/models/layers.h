#pragma once
// Convolutional stacks shared by the VAE and the DCGAN: stride-2 4x4 convolutions halve the side down to
// 7 (28 px) or 8 (32 and 64 px), transposed convolutions double it back.
#include <torch/torch.h>

#include "models/model_config.h"

namespace latentlab {

// The sides of the feature maps, input first: 28 -> {28, 14, 7}; 32 -> {32, 16, 8}; 64 -> {64, 32, 16, 8}.
std::vector<int64_t> convSides(int64_t side);
// Channel width at depth i (32, 64, 128, ...).
int64_t convWidth(size_t depth);

// Images -> B x outputs: conv stack with ReLU, then a 256-wide linear layer.
torch::nn::Sequential convEncoder(const ModelConfig& config, int64_t outputs);
// B x latent -> B x C x H x W logits: the mirror of convEncoder.
torch::nn::Sequential convDecoder(const ModelConfig& config);

}  // namespace latentlab
