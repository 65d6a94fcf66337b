#pragma once
// Our own models written as TorchScript with the import contract (README.md, "Bring your own model"), so that
// Python's torch.jit.load runs them and LatentLab opens them again as imported models giving the same images.
// Our networks are torch::nn C++ modules, which cannot be scripted: the network is written out as TorchScript
// source (one line per layer: torch.linear, torch.conv_transpose2d, torch.batch_norm with running statistics...)
// over a copy of its weights, registered as parameters and buffers of a torch::jit::Module.
#include <torch/script.h>

#include <string>

#include "models/model_config.h"
#include "runner/model_runner.h"

namespace latentlab {

// decode(z), forward(z) = decode(z), and for a VAE encode(x) -> (mean, logvar); attributes latent_dim (int),
// pixel_range ("logits" for a VAE, "tanh" for a GAN) and latentlab_model (e.g. "vae-conv").
// Throws latentlab::Error for a layer it cannot write (none of ours).
torch::jit::Module scriptModuleOf(const ModelConfig& config, const ModelRunner::Networks& networks);

// The module above serialised as torch.jit.save writes it.
std::string torchScriptBytes(const ModelConfig& config, const ModelRunner::Networks& networks);

}  // namespace latentlab
