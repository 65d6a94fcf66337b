#pragma once
// A decoder or generator trained elsewhere, opened from a TorchScript file (README.md, "Bring your own model"):
// decode(z) (or forward(z)) maps N x latent codes to N x C x H x W images; an optional encode(x) returns the
// posterior means, or (means, log-variances). Opening validates the module once: it decodes a small batch and
// checks rank, shape and values, so a file that does not keep the contract is refused by name, never later.
// No torch here: the window includes it (import/imported_model_impl.h has the tensor-level calls).
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "catalogue/import_options.h"
#include "util/error.h"

namespace latentlab {

class DecoderWeights;
struct Dataset;

// What the user says when the module does not (flags, the window's fields). 0 / empty: not said.

// The module has no latent_dim and no sidecar JSON says it: the window asks, the CLI names its flag.
class LatentSizeUnknown : public Error {
 public:
  using Error::Error;
};

struct ImportedInfo {
  std::string file;  // the path it was opened from (or the name given with its bytes)
  int latent = 0, channels = 0, height = 0, width = 0;
  std::string pixelRange;      // "probabilities", "logits" or "tanh"
  std::string pixelRangeFrom;  // "module attribute", "sidecar JSON", "--pixel-range" / "the panel", "detected"
  std::string latentFrom;      // "module attribute", "sidecar JSON", "--latent" / "the panel"
  std::string decodeMethod;    // "decode" or "forward"
  bool hasEncoder = false;
  bool encoderGivesLogvar = false;  // encode returns (mean, logvar): KL per dimension can be shown
  std::string encoderProblem;       // why an encode method present is not used; empty when fine or absent
  // "model.pt, latent 16, 1x28x28 images, pixels logits (module attribute), encoder yes (mean, logvar)": what the
  // window's source line (after IMPORTED) and the CLI say.
  std::string summary() const;
};

class ImportedModel {
 public:
  // Reads `file` and its sidecar (`file` with .json, when there is one). Throws latentlab::Error (or
  // LatentSizeUnknown) naming the problem: not TorchScript, too new, wrong output, a method that throws, NaN...
  static ImportedModel open(const std::filesystem::path& file, const ImportOptions& options = {});
  // The same from bytes already in memory; `sidecarJson` is the sidecar's text (empty: none). The fuzz entry.
  static ImportedModel fromBytes(const std::string& bytes, const std::string& name, const ImportOptions& options = {},
                                 const std::string& sidecarJson = "");
  ~ImportedModel();
  ImportedModel(ImportedModel&&) noexcept;
  ImportedModel& operator=(ImportedModel&&) noexcept;

  const ImportedInfo& info() const;
  // A decoder for the views with its own copy of the module (any one thread may decode with it).
  std::shared_ptr<const DecoderWeights> decoder() const;
  // Posterior means (count x latent, row-major) of images of a split, like SavedRun::encode. Error without an
  // encoder or when the data's image shape is not the model's.
  std::vector<float> encode(const Dataset& data, bool testSplit, const std::vector<int64_t>& indices) const;
  // Error naming both shapes when `data` does not have the model's image shape (the encoder cannot take it).
  void checkDataShape(const Dataset& data) const;

  struct Impl;
  const Impl& impl() const { return *impl_; }

 private:
  ImportedModel();
  std::unique_ptr<Impl> impl_;
};

}  // namespace latentlab
