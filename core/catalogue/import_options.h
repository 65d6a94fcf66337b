#pragma once
// What a user says about a TorchScript model trained elsewhere (README.md, "Bring your own model") when the
// module and its sidecar JSON do not: its latent size and what its outputs are. The window's fields, its
// --latent and --pixel-range, and latentlab-cli's take the same values through these.
#include <string>
#include <vector>

namespace latentlab {

struct ImportOptions {
  int latent = 0;          // 0: from the module or its sidecar
  std::string pixelRange;  // "probabilities", "logits" or "tanh"; empty: from the module, its sidecar, or detected
};

// The three pixel ranges, as canonicalPixelRange returns them.
const std::vector<std::string>& pixelRangeNames();
// The canonical name of a pixel range, from it or a synonym (probs, [0,1], 0..1, [-1,1], -1..1). Throws
// latentlab::Error naming the valid ones.
std::string canonicalPixelRange(const std::string& name);

}  // namespace latentlab
