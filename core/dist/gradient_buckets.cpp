#include "dist/gradient_buckets.h"

namespace latentlab {

GradientBuckets::GradientBuckets(torch::Device device, int64_t bucketBytes)
    : device_(device), bucketBytes_(bucketBytes) {}

GradientBuckets::Layout& GradientBuckets::layoutFor(const std::vector<torch::Tensor>& params,
                                                    const torch::Tensor& values) {
  std::vector<const void*> key;
  for (const auto& p : params) key.push_back(p.unsafeGetTensorImpl());
  auto found = layouts_.find(key);
  if (found != layouts_.end()) return found->second;
  Layout layout;
  for (const auto& p : params)
    layout.views = layout.views && p.device() == device_ && p.scalar_type() == torch::kFloat32;
  std::vector<int64_t> sizes;
  int64_t bytes = 0;
  for (const auto& p : params) {
    if (layout.buckets.empty() || bytes >= bucketBytes_) {
      layout.buckets.emplace_back();
      sizes.push_back(0);
      bytes = 0;
    }
    layout.buckets.back().params.push_back(p);
    layout.buckets.back().offsets.push_back(sizes.back());
    sizes.back() += p.numel();
    bytes += p.numel() * 4;
  }
  if (layout.buckets.empty()) {
    layout.buckets.emplace_back();
    sizes.push_back(0);
  }
  layout.valuesOffset = sizes.back();
  sizes.back() += values.numel();
  for (size_t b = 0; b < layout.buckets.size(); ++b) {
    layout.buckets[b].flat = torch::zeros({sizes[b]}, torch::TensorOptions(device_).dtype(torch::kFloat32));
    layout.flats.push_back(layout.buckets[b].flat);
  }
  return layouts_.emplace(std::move(key), std::move(layout)).first->second;
}

std::vector<torch::Tensor>& GradientBuckets::gather(const std::vector<torch::Tensor>& params,
                                                    const torch::Tensor& values) {
  torch::NoGradGuard noGrad;
  Layout& layout = layoutFor(params, values);
  for (auto& bucket : layout.buckets) {
    for (size_t i = 0; i < bucket.params.size(); ++i) {
      auto& p = bucket.params[i];
      auto slot = bucket.flat.slice(0, bucket.offsets[i], bucket.offsets[i] + p.numel());
      const auto& grad = p.grad();
      if (!layout.views) {
        if (grad.defined()) slot.copy_(grad.reshape({-1}));
        else slot.zero_();
        continue;
      }
      if (grad.defined() && grad.data_ptr() == slot.data_ptr()) continue;  // bound: backward wrote into it
      // The first step, or a gradient something replaced: its value moves into the buffer, which it then is.
      if (grad.defined()) slot.copy_(grad.reshape({-1}));
      else slot.zero_();
      p.mutable_grad() = slot.view_as(p);
    }
  }
  layout.buckets.back().flat.slice(0, layout.valuesOffset).copy_(values.reshape({-1}));
  current_ = &layout;
  return layout.flats;
}

torch::Tensor GradientBuckets::scatter(const torch::Tensor& values) {
  torch::NoGradGuard noGrad;
  Layout& layout = *current_;
  if (!layout.views) {
    for (auto& bucket : layout.buckets)
      for (size_t i = 0; i < bucket.params.size(); ++i) {
        auto& p = bucket.params[i];
        const auto slot = bucket.flat.slice(0, bucket.offsets[i], bucket.offsets[i] + p.numel()).view_as(p);
        if (p.grad().defined()) p.mutable_grad().copy_(slot);
        else p.mutable_grad() = slot.to(p.device(), p.scalar_type());
      }
  }
  return layout.buckets.back()
      .flat.slice(0, layout.valuesOffset)
      .view_as(values)
      .to(values.device(), values.scalar_type(), false, true);
}

}  // namespace latentlab
