#pragma once
// TorchScript files for the import tests, built in C++ with torch::jit::Module::define: every variant of the
// contract (decode or forward, latent_dim or a sidecar, mean or (mean, logvar)) and every kind of bad file.
#include <string>
#include <utility>
#include <vector>

namespace latentlab::test {

// A module with `code` (TorchScript methods) over one parameter `w` of latent x (C*H*W) random weights,
// serialised as torch.jit.save writes it. latentDim <= 0: no latent_dim attribute; empty pixelRange: none.
std::string scriptedModule(const std::string& code, int latent, int channels, int side, int latentDim,
                           const std::string& pixelRange);

// A linear "VAE": decode(z) = (z @ w) as N x C x side x side logits; encode(x) = (x @ w^T, zeros) when
// withEncoder, plus latent_dim and pixel_range "logits".
std::string linearVae(int latent, int channels, int side, bool withEncoder, bool logvar);

// The same archive, records copied, but saying file format version `version` (a newer PyTorch's file).
std::string withFormatVersion(const std::string& scriptBytes, uint64_t version);

// A zip archive in PyTorch's layout with these records (name -> bytes), as torch.save or another tool makes it.
std::string zipArchive(const std::vector<std::pair<std::string, std::string>>& records);

}  // namespace latentlab::test
