#include "train/seen_codes.h"

#include <algorithm>
#include <cstring>

#include "util/error.h"

namespace latentlab {

void SeenCodes::seed(const LatentCodes& codes) {
  auto base = std::make_shared<LatentCodes>(codes);
  base->codes.clear();
  base->codes.shrink_to_fit();
  codes_ = codes.codes;
  stepOf_.assign(size_t(codes.count), codes.step);
  base_ = std::move(base);
}

void SeenCodes::reset() {
  base_.reset();
  codes_ = {};
  stepOf_ = {};
}

void SeenCodes::record(int64_t slot, const float* mean, int64_t step) {
  std::memcpy(codes_.data() + size_t(slot) * size_t(base_->dims), mean, sizeof(float) * size_t(base_->dims));
  stepOf_[size_t(slot)] = step;
}

void SeenCodes::recordTraining(const torch::Tensor& indices, const torch::Tensor& means, int64_t step) {
  if (!base_ || !means.defined() || means.size(0) == 0) return;
  if (means.dim() != 2 || means.size(1) != base_->dims || indices.size(0) != means.size(0))
    throw Error("internal: the step's codes do not fit the scatter's");
  const auto rows = means.to(torch::kFloat32).contiguous();
  const auto index = indices.to(torch::kLong).contiguous();
  const int64_t* image = index.data_ptr<int64_t>();
  const float* mean = rows.data_ptr<float>();
  for (int64_t r = 0; r < rows.size(0); ++r)
    if (image[r] >= 0 && image[r] < base_->trainCount) record(image[r], mean + r * base_->dims, step);
}

void SeenCodes::recordTest(int64_t first, const torch::Tensor& means, int64_t step) {
  if (!base_ || !means.defined() || means.size(0) == 0) return;
  if (means.dim() != 2 || means.size(1) != base_->dims)
    throw Error("internal: the test codes do not fit the scatter's");
  const auto rows = means.to(torch::kFloat32).contiguous();
  const int64_t testCount = base_->count - base_->trainCount;
  const float* mean = rows.data_ptr<float>();
  for (int64_t r = 0; r < rows.size(0) && first + r < testCount; ++r)
    record(base_->trainCount + first + r, mean + r * base_->dims, step);
}

std::shared_ptr<LatentCodes> SeenCodes::codesAt(int64_t step) const {
  if (!base_) return nullptr;
  auto codes = std::make_shared<LatentCodes>(*base_);
  codes->codes = codes_;
  codes->step = step;
  codes->oldestStep = stepOf_.empty() ? step : *std::min_element(stepOf_.begin(), stepOf_.end());
  return codes;
}

}  // namespace latentlab
