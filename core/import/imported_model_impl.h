#pragma once
// The tensor-level side of ImportedModel, for core code that runs it (the views' runner, the tests).
#include <torch/script.h>

#include "import/imported_model.h"
#include "latent/decoder_weights.h"

namespace latentlab {

struct ImportedModel::Impl {
  std::string bytes;  // the file, kept to load private module copies for other threads
  torch::jit::Module module;
  ImportedInfo info;
  PixelTransform transform = PixelTransform::Sigmoid;

  // B x latent -> raw B x C x H x W outputs (before the pixel transform). Throws Error naming the method.
  torch::Tensor decodeRaw(const torch::Tensor& z) const;
  // B x latent -> pixels in [0, 1].
  torch::Tensor decodePixels(const torch::Tensor& z) const;
  // B x C x H x W in [0, 1] -> (means, log-variances or an undefined tensor). Throws Error without an encoder.
  std::pair<torch::Tensor, torch::Tensor> encode(const torch::Tensor& x) const;
};

}  // namespace latentlab
