#pragma once
// A deep copy of a decoder (VAE) or generator (GAN), made by the trainer thread and published in snapshots.
// It lives on the CPU in eval mode and is never trained, so any thread may decode with it under NoGradGuard.
#include <torch/torch.h>

#include <cstdint>
#include <functional>
#include <memory>
#include <vector>

#include "io/image.h"

namespace latentlab {

// How raw network outputs become pixels in [0, 1]: logits (sigmoid), [-1, 1] (tanh outputs), or already [0, 1].
enum class PixelTransform { Sigmoid, Tanh, Identity };

class DecoderWeights {
 public:
  // Clones `decoder` (any device) to the CPU, in eval mode.
  static std::shared_ptr<const DecoderWeights> copyOf(const torch::nn::Sequential& decoder, PixelTransform transform,
                                                      int latent, int channels, int height, int width);

  // Any other network, such as an imported TorchScript module: `raw` maps B x latent to raw B x C x H x W outputs
  // and must be safe to call from any thread (it is called without a lock).
  using RawDecode = std::function<torch::Tensor(const torch::Tensor&)>;
  static std::shared_ptr<const DecoderWeights> wrap(RawDecode raw, PixelTransform transform, int latent, int channels,
                                                    int height, int width);

  // z: B x latent float -> B x C x H x W float in [0, 1]. Thread-safe: eval mode, no grad, no writes.
  torch::Tensor decode(const torch::Tensor& z) const;
  // True for imported networks, of any size: the window decodes them on a worker, never in the frame.
  bool decodesOnWorker() const { return bool(raw_); }

  int latent = 0, channels = 0, height = 0, width = 0;
  // Unique in this process, never reused (a global counter, not per trainer): views that cache what they decoded
  // key on it, so a new run, whose trainer counts its versions from 1 again, can never pass for the old model.
  uint64_t id = 0;

 private:
  mutable torch::nn::Sequential net_{nullptr};
  RawDecode raw_;  // used instead of net_ when set
  PixelTransform transform_ = PixelTransform::Sigmoid;
};

// B x C x H x W float in [0, 1] (or a single C x H x W) -> one Image per item.
std::vector<Image> toImages(const torch::Tensor& pixels);

}  // namespace latentlab
