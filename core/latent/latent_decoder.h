#pragma once
// Decodes latent vectors into images on the caller's thread (the GUI's), from a deep copy of the decoder
// published in a Snapshot. Runs under NoGradGuard in eval mode and never touches the training module.
// No torch in this header: the GUI includes it.
#include <cstdint>
#include <memory>
#include <vector>

#include "io/image.h"

namespace latentlab {

class DecoderWeights;

class LatentDecoder {
 public:
  LatentDecoder();
  ~LatentDecoder();
  LatentDecoder(LatentDecoder&&) noexcept;
  LatentDecoder& operator=(LatentDecoder&&) noexcept;

  // Switches to newer weights (cheap: keeps a reference, clones once for this thread's private use).
  void setWeights(std::shared_ptr<const DecoderWeights> weights);
  bool ready() const;
  const std::shared_ptr<const DecoderWeights>& weights() const;
  // The weights' process-unique id (DecoderWeights::id), 0 when there are none: what cached views key on.
  uint64_t weightsId() const;
  int latentDims() const;
  int channels() const;
  int height() const;
  int width() const;
  // Imported networks, of any size, are decoded on a worker (DecodeWorker), never in the frame.
  bool decodesOnWorker() const;

  // One image per latent vector (each of latentDims() values). Pixel values 0..255; 1 or 3 channels.
  std::vector<Image> decode(const std::vector<std::vector<float>>& codes) const;
  Image decodeOne(const std::vector<float>& code) const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// Lays images out in a grid (row-major), with `gap` pixels of `background` between them.
Image makeGrid(const std::vector<Image>& images, int columns, int gap = 2, uint8_t background = 32);

}  // namespace latentlab
