#pragma once
// A data set in memory, the same for every source (docs/architecture.md, "Training"): one contiguous uint8 tensor
// N x C x H x W per split, optional labels and class names, and for `shapes` the generative factors per image.
// Batches are taken with index_select on the whole tensor and turned to float per batch (batchToFloat).
#include <torch/types.h>

#include <atomic>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "io/image.h"

namespace latentlab {

struct DataSplit {
  torch::Tensor images;   // uint8, N x C x H x W, contiguous, CPU
  torch::Tensor labels;   // int64, N; undefined when the source has no labels
  torch::Tensor factors;  // float32, N x F, the true generative factors (shapes only); undefined otherwise
  int64_t size() const { return images.defined() ? images.size(0) : 0; }
};

struct Dataset {
  std::string spec;  // as the user wrote it, e.g. "folder:/home/me/photos"
  std::string name;  // short display name, e.g. "Fashion-MNIST"
  DataSplit train;
  DataSplit test;
  std::vector<std::string> classNames;   // label i -> name; empty when there are no labels
  std::vector<std::string> factorNames;  // shapes: {"shape", "scale", "rotation", "x", "y"}; else empty
  int64_t skippedFiles = 0;              // folder: files that could not be decoded
  std::vector<std::string> skipReasons;  // folder: the first few reasons, "path: reason"

  int64_t channels() const { return train.images.size(1); }
  int64_t height() const { return train.images.size(2); }
  int64_t width() const { return train.images.size(3); }
  bool hasLabels() const { return train.labels.defined(); }
  int64_t memoryBytes() const;  // bytes held by all tensors of both splits
};

// Options shared by the GUI and the CLI (`--size`, `--channels`, `--seed`).
struct DataOptions {
  int size = 0;             // folder: side of the square images; 0 = 28 for small sources, 64 otherwise
  int channels = 0;         // folder: 1 (gray) or 3 (RGB); 0 = chosen by the data
  uint64_t seed = 1234;     // shapes: generator seed
  int64_t shapesCount = 0;  // shapes: number of images (train + test); 0 = default
  // Called from the loading threads with progress in [0, 1] and a short message; may be empty.
  std::function<void(float progress, const std::string& message)> onProgress;
  // When set and becomes true, loading stops early with latentlab::Error("cancelled").
  const std::atomic<bool>* cancel = nullptr;
};

// Parses SPEC ("fashion-mnist", "mnist:DIR", "folder:DIR", "shapes") and loads it. Every bad input ends in a
// latentlab::Error naming the file and what is wrong; never a crash, never a hang.
Dataset loadDataset(const std::string& spec, const DataOptions& options = {});

// The default data set: Fashion-MNIST where Debian's dataset-fashion-mnist is installed, otherwise "shapes".
std::string defaultDataSpec();

// Images `indices` of `images` (uint8 N x C x H x W) as float32 in [0, 1], on `device`.
torch::Tensor batchToFloat(const torch::Tensor& images, const torch::Tensor& indices,
                           torch::Device device = torch::kCPU);

// The codes of images `indices` of `split` ("train" or "test" in messages), `latent` floats each, in chunks of
// `chunk` images through `encodeChunk` (a float batch to its B x latent means). An index outside the split is an
// Error naming it. SavedRun and ImportedModel encode data with it.
std::vector<float> encodeImages(const DataSplit& split, const char* splitName, const std::vector<int64_t>& indices,
                                int64_t latent, int64_t chunk,
                                const std::function<torch::Tensor(const torch::Tensor&)>& encodeChunk);

// One image of a split as a plain Image (for the GUI's hover and the exports).
Image imageAt(const DataSplit& split, int64_t index);

// A multi-line human summary: counts, C x H x W, labels and class names, split sizes, memory used.
std::string describeDataset(const Dataset& data);

}  // namespace latentlab
