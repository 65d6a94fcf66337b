#include <torch/torch.h>

#include "data/dataset.h"
#include "util/error.h"

namespace latentlab {

torch::Tensor batchToFloat(const torch::Tensor& images, const torch::Tensor& indices, torch::Device device) {
  // One gather on the whole uint8 tensor, then one conversion: no per-sample work. Converting on the device
  // moves a quarter of the bytes across the bus.
  auto batch = images.index_select(0, indices);
  if (!device.is_cpu()) batch = batch.to(device, /*non_blocking=*/true);
  return batch.to(torch::kFloat32).div_(255.0f);
}

std::vector<float> encodeImages(const DataSplit& split, const char* splitName, const std::vector<int64_t>& indices,
                                int64_t latent, int64_t chunk,
                                const std::function<torch::Tensor(const torch::Tensor&)>& encodeChunk) {
  for (int64_t i : indices)
    if (i < 0 || i >= split.size())
      throw Error("image index " + std::to_string(i) + " is out of range: the " + splitName + " split has " +
                  std::to_string(split.size()) + " images");
  std::vector<float> codes;
  codes.reserve(indices.size() * size_t(latent));
  const auto all = torch::tensor(indices, torch::kLong);
  for (int64_t begin = 0; begin < all.size(0); begin += chunk) {
    const auto idx = all.slice(0, begin, std::min<int64_t>(all.size(0), begin + chunk));
    const auto means = encodeChunk(batchToFloat(split.images, idx)).contiguous();
    codes.insert(codes.end(), means.data_ptr<float>(), means.data_ptr<float>() + means.numel());
  }
  return codes;
}

}  // namespace latentlab
