#include "latent/latent_decoder.h"

#include <algorithm>
#include <atomic>

#include "latent/decoder_weights.h"
#include "util/error.h"

namespace latentlab {

static uint64_t nextDecoderId() {
  static std::atomic<uint64_t> lastId{0};
  return ++lastId;
}

std::shared_ptr<const DecoderWeights> DecoderWeights::copyOf(const torch::nn::Sequential& decoder,
                                                             PixelTransform transform, int latent, int channels,
                                                             int height, int width) {
  auto copy = std::make_shared<DecoderWeights>();
  {
    torch::NoGradGuard noGrad;
    // clone() without a device deep-copies every tensor; clone(device) would share the training weights
    // whenever they already live on that device.
    copy->net_ = torch::nn::Sequential(std::dynamic_pointer_cast<torch::nn::SequentialImpl>(decoder->clone()));
    copy->net_->to(torch::kCPU);
  }
  copy->net_->eval();
  for (auto& p : copy->net_->parameters()) p.set_requires_grad(false);
  copy->transform_ = transform;
  copy->latent = latent;
  copy->channels = channels;
  copy->height = height;
  copy->width = width;
  copy->id = nextDecoderId();
  return copy;
}

std::shared_ptr<const DecoderWeights> DecoderWeights::wrap(RawDecode raw, PixelTransform transform, int latent,
                                                           int channels, int height, int width) {
  auto weights = std::make_shared<DecoderWeights>();
  weights->raw_ = std::move(raw);
  weights->transform_ = transform;
  weights->latent = latent;
  weights->channels = channels;
  weights->height = height;
  weights->width = width;
  weights->id = nextDecoderId();
  return weights;
}

torch::Tensor DecoderWeights::decode(const torch::Tensor& z) const {
  torch::NoGradGuard noGrad;  // thread-local: must be set on the calling thread
  const auto input = z.to(torch::kFloat32).reshape({-1, latent});
  const auto out = raw_ ? raw_(input) : net_->forward(input);
  switch (transform_) {
    case PixelTransform::Sigmoid: return torch::sigmoid(out);
    case PixelTransform::Tanh: return (out + 1) * 0.5;
    case PixelTransform::Identity: return out;
  }
  return out;
}

std::vector<Image> toImages(const torch::Tensor& pixels) {
  auto batch = pixels.dim() == 3 ? pixels.unsqueeze(0) : pixels;
  // B x C x H x W float -> B x H x W x C uint8, in one pass.
  auto bytes = (batch.detach().to(torch::kCPU, torch::kFloat32).clamp(0, 1) * 255.0f + 0.5f)
                   .to(torch::kUInt8)
                   .permute({0, 2, 3, 1})
                   .contiguous();
  const int n = int(bytes.size(0)), h = int(bytes.size(1)), w = int(bytes.size(2)), c = int(bytes.size(3));
  std::vector<Image> images;
  images.reserve(size_t(n));
  const uint8_t* data = bytes.data_ptr<uint8_t>();
  for (int i = 0; i < n; ++i) {
    Image image(w, h, c);
    std::copy_n(data + size_t(i) * image.pixels.size(), image.pixels.size(), image.pixels.begin());
    images.push_back(std::move(image));
  }
  return images;
}

struct LatentDecoder::Impl {
  std::shared_ptr<const DecoderWeights> weights;
};

LatentDecoder::LatentDecoder() : impl_(std::make_unique<Impl>()) {}
LatentDecoder::~LatentDecoder() = default;
LatentDecoder::LatentDecoder(LatentDecoder&&) noexcept = default;
LatentDecoder& LatentDecoder::operator=(LatentDecoder&&) noexcept = default;

void LatentDecoder::setWeights(std::shared_ptr<const DecoderWeights> weights) { impl_->weights = std::move(weights); }
bool LatentDecoder::ready() const { return impl_->weights != nullptr; }
const std::shared_ptr<const DecoderWeights>& LatentDecoder::weights() const { return impl_->weights; }
uint64_t LatentDecoder::weightsId() const { return ready() ? impl_->weights->id : 0; }
int LatentDecoder::latentDims() const { return ready() ? impl_->weights->latent : 0; }
int LatentDecoder::channels() const { return ready() ? impl_->weights->channels : 0; }
int LatentDecoder::height() const { return ready() ? impl_->weights->height : 0; }
int LatentDecoder::width() const { return ready() ? impl_->weights->width : 0; }
bool LatentDecoder::decodesOnWorker() const { return ready() && impl_->weights->decodesOnWorker(); }

std::vector<Image> LatentDecoder::decode(const std::vector<std::vector<float>>& codes) const {
  if (!ready()) throw Error("no decoder yet: create or open a run first");
  if (codes.empty()) return {};
  const int dims = impl_->weights->latent;
  std::vector<float> flat;
  flat.reserve(codes.size() * size_t(dims));
  for (const auto& code : codes) {
    if (int(code.size()) != dims)
      throw Error("latent code has " + std::to_string(code.size()) + " values, the decoder takes " +
                  std::to_string(dims));
    flat.insert(flat.end(), code.begin(), code.end());
  }
  const auto z = torch::from_blob(flat.data(), {int64_t(codes.size()), dims}, torch::kFloat32);
  return toImages(impl_->weights->decode(z));
}

Image LatentDecoder::decodeOne(const std::vector<float>& code) const { return decode({code}).front(); }

Image makeGrid(const std::vector<Image>& images, int columns, int gap, uint8_t background) {
  if (images.empty() || columns < 1) return {};
  const int w = images[0].width, h = images[0].height, c = images[0].channels;
  const int rows = (int(images.size()) + columns - 1) / columns;
  const int cols = std::min(columns, int(images.size()));
  Image grid(cols * w + (cols + 1) * gap, rows * h + (rows + 1) * gap, c);
  std::fill(grid.pixels.begin(), grid.pixels.end(), background);
  for (size_t i = 0; i < images.size(); ++i) {
    const Image& tile = images[i];
    if (tile.width != w || tile.height != h || tile.channels != c) throw Error("grid tiles differ in size");
    const int x0 = gap + int(i) % columns * (w + gap), y0 = gap + int(i) / columns * (h + gap);
    for (int y = 0; y < h; ++y) std::copy_n(tile.row(y), size_t(w) * c, grid.row(y0 + y) + size_t(x0) * c);
  }
  return grid;
}

}  // namespace latentlab
