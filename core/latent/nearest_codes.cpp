#include "latent/nearest_codes.h"

#include <algorithm>
#include <queue>
#include <utility>

namespace latentlab {

std::vector<int64_t> nearestCodes(const std::vector<float>& codes, int dims, int64_t index, int k,
                                  const std::vector<bool>& keep) {
  if (dims <= 0 || k <= 0) return {};
  const int64_t count = int64_t(codes.size()) / dims;
  if (index < 0 || index >= count) return {};
  const float* query = codes.data() + size_t(index) * size_t(dims);
  // A max-heap of the k best so far: (distance, index) compares ties by index, so the result is deterministic.
  std::priority_queue<std::pair<float, int64_t>> best;
  for (int64_t i = 0; i < count; ++i) {
    if (i == index || (!keep.empty() && (size_t(i) >= keep.size() || !keep[size_t(i)]))) continue;
    const float* row = codes.data() + size_t(i) * size_t(dims);
    float d = 0;
    for (int j = 0; j < dims; ++j) d += (row[j] - query[j]) * (row[j] - query[j]);
    if (int(best.size()) < k) {
      best.emplace(d, i);
    } else if (std::make_pair(d, i) < best.top()) {
      best.pop();
      best.emplace(d, i);
    }
  }
  std::vector<int64_t> out(best.size());
  for (size_t n = out.size(); n-- > 0; best.pop()) out[n] = best.top().second;
  return out;
}

}  // namespace latentlab
