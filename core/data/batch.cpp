#include <torch/torch.h>

#include "data/dataset.h"

namespace latentlab {

torch::Tensor batchToFloat(const torch::Tensor& images, const torch::Tensor& indices, torch::Device device) {
  // One gather on the whole uint8 tensor, then one conversion: no per-sample work. Converting on the device
  // moves a quarter of the bytes across the bus.
  auto batch = images.index_select(0, indices);
  if (!device.is_cpu()) batch = batch.to(device, /*non_blocking=*/true);
  return batch.to(torch::kFloat32).div_(255.0f);
}

}  // namespace latentlab
