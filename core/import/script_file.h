#pragma once
// Reading a TorchScript file (torch.jit.save) from its bytes, with a message that names the problem when it is
// something else: a state_dict or model pickled by torch.save, a zip of something else, text, or an archive
// written by a PyTorch newer than the LibTorch this program is built with.
#include <torch/script.h>

#include <string>

namespace latentlab {

// Throws latentlab::Error naming what `bytes` are when they are not a TorchScript module this LibTorch loads.
// `name` (the file's name) starts every message.
torch::jit::Module loadScriptModule(const std::string& bytes, const std::string& name);

// The file format version recorded in a PyTorch zip archive ("<archive>/version"), or -1 when there is none.
int64_t archiveFormatVersion(const std::string& bytes);

// "1.13.0": the LibTorch this program is built with.
std::string libtorchVersion();

}  // namespace latentlab
