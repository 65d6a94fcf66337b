#include "bench_hooks.h"

#include <cstdlib>
#include <random>

namespace latentlab {

PointReplicator::PointReplicator() {
  if (const char* n = std::getenv("LATENTLAB_BENCH_POINTS")) points_ = std::atoll(n);
}

std::shared_ptr<const Snapshot> PointReplicator::apply(const std::shared_ptr<const Snapshot>& snapshot) {
  if (points_ <= 0 || !snapshot || !snapshot->latents || snapshot->latents->count == 0) return snapshot;
  if (snapshot == source_) return replaced_;
  const auto& in = *snapshot->latents;
  if (snapshot->latents != sourceCodes_) {
    // Copies of the codes, each moved by a little noise so that they do not fall on one pixel.
    auto out = std::make_shared<LatentCodes>(in);
    out->count = points_;
    out->trainCount = std::min<int64_t>(in.trainCount, points_);
    out->codes.resize(size_t(points_) * size_t(in.dims));
    const auto copyPer = [&](auto& values, size_t width) {
      if (values.empty()) return;
      values.resize(size_t(points_) * width);
      for (size_t i = size_t(in.count) * width; i < values.size(); ++i)
        values[i] = values[i % (size_t(in.count) * width)];
    };
    copyPer(out->labels, 1);
    copyPer(out->scores, 1);
    copyPer(out->factors, in.factorNames.size());
    std::mt19937 noise(1);
    std::normal_distribution<float> jitter(0.0f, 0.05f);
    const size_t original = size_t(in.count) * size_t(in.dims);
    for (size_t i = original; i < out->codes.size(); ++i) out->codes[i] = in.codes[i % original] + jitter(noise);
    sourceCodes_ = snapshot->latents;
    codes_ = out;
  }
  auto copy = std::make_shared<Snapshot>(*snapshot);
  copy->latents = codes_;
  source_ = snapshot;
  replaced_ = copy;
  return replaced_;
}

}  // namespace latentlab
