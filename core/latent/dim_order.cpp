#include "latent/dim_order.h"

#include <algorithm>
#include <cmath>

namespace latentlab {

std::vector<int> dimsByUse(const std::vector<float>& kl, int dims, int count) {
  std::vector<int> order(size_t(std::max(dims, 0)));
  for (int d = 0; d < dims; ++d) order[size_t(d)] = d;
  // A NaN (a model gone wrong) counts as unused, so the order stays a strict weak one.
  auto use = [&](int d) { return std::isnan(kl[size_t(d)]) ? -INFINITY : kl[size_t(d)]; };
  if (kl.size() == size_t(dims))
    std::stable_sort(order.begin(), order.end(), [&](int a, int b) { return use(a) > use(b); });
  order.resize(size_t(std::clamp(count, 0, std::max(dims, 0))));
  return order;
}

std::pair<int, int> twoMostUsedDims(const std::vector<float>& kl, int dims) {
  const auto order = dimsByUse(kl, dims, 2);
  if (order.empty()) return {0, 0};
  return {order[0], order.size() > 1 ? order[1] : order[0]};
}

}  // namespace latentlab
