#pragma once
// The buffers a data-parallel step allreduces (docs/architecture.md, "Distributed training"). As
// DistributedDataParallel does with gradient_as_bucket_view, every gradient becomes a view of a flat buffer of
// about 25 MB: backward accumulates straight into what the allreduce sends, and nothing is copied in or out.
// Where a view cannot be (a model on another device than the backend's, a gradient not float32) the gradients
// are copied in and out instead. Pure LibTorch: tested without any process group.
#include <torch/torch.h>

#include <map>
#include <vector>

namespace latentlab {

class GradientBuckets {
 public:
  explicit GradientBuckets(torch::Device device, int64_t bucketBytes = int64_t(25) << 20);

  // This step's buffers, on the device: the gradients of `params` (bound as views, or copied in; a missing one is
  // zeros) and `values` in the tail of the last buffer. Each parameter list (a GAN has two) keeps its own buffers.
  std::vector<torch::Tensor>& gather(const std::vector<torch::Tensor>& params, const torch::Tensor& values);
  // After the buffers were reduced: the gradients hold the result (copied back where they are not views), and
  // the values come back from the tail, on `values`' device.
  torch::Tensor scatter(const torch::Tensor& values);

 private:
  struct Bucket {
    torch::Tensor flat;
    std::vector<torch::Tensor> params;
    std::vector<int64_t> offsets;
  };
  struct Layout {
    std::vector<Bucket> buckets;
    std::vector<torch::Tensor> flats;  // buckets[i].flat, as the allreduce takes them
    bool views = true;
    int64_t valuesOffset = 0;
  };
  Layout& layoutFor(const std::vector<torch::Tensor>& params, const torch::Tensor& values);

  torch::Device device_;
  int64_t bucketBytes_;
  std::map<std::vector<const void*>, Layout> layouts_;
  Layout* current_ = nullptr;
};

}  // namespace latentlab
