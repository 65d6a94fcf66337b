// UMAP's graph: the approximate kNN graph from hnswlib and its fuzzy simplicial set (see umap.h).
#include <hnswlib/hnswlib.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <queue>
#include <tuple>

#include "latent/umap.h"
#include "util/error.h"

namespace latentlab {

namespace {

// Below this many points the exact graph is cheap, and exact for any k up to count - 1 (a small HNSW graph may
// return fewer neighbours than asked).
constexpr int64_t kExactBelow = 2048;

void exactNeighbours(const float* codes, int64_t count, int dims, KnnGraph& graph, const std::atomic<bool>& cancel,
                     bool& cancelled) {
  const int k = graph.k;
  std::vector<std::pair<float, int32_t>> row(static_cast<size_t>(count));
  for (int64_t i = 0; i < count; ++i) {
    if ((i & 63) == 0 && cancel.load(std::memory_order_relaxed)) {
      cancelled = true;
      return;
    }
    const float* a = codes + i * dims;
    for (int64_t j = 0; j < count; ++j) {
      const float* b = codes + j * dims;
      float d = 0;
      for (int c = 0; c < dims; ++c) d += (a[c] - b[c]) * (a[c] - b[c]);
      // Itself last, whatever the ties: it is never its own neighbour.
      row[size_t(j)] = {j == i ? std::numeric_limits<float>::infinity() : d, int32_t(j)};
    }
    std::partial_sort(row.begin(), row.begin() + k, row.end());
    for (int n = 0; n < k; ++n) {
      graph.index[size_t(i * k + n)] = row[size_t(n)].second;
      graph.distance[size_t(i * k + n)] = std::sqrt(row[size_t(n)].first);
    }
  }
}

void hnswNeighbours(const float* codes, int64_t count, int dims, uint64_t seed, KnnGraph& graph,
                    const std::atomic<bool>& cancel, bool& cancelled) {
  const int k = graph.k;
  hnswlib::L2Space space{static_cast<size_t>(dims)};
  // M 16, ef_construction 100: recall above 0.95 on latent codes (tests/core/umap_test.cpp), a few seconds for 70k.
  hnswlib::HierarchicalNSW<float> index(&space, size_t(count), 16, 100, size_t(seed));
  for (int64_t i = 0; i < count; ++i) {
    if ((i & 255) == 0 && cancel.load(std::memory_order_relaxed)) {
      cancelled = true;
      return;
    }
    index.addPoint(codes + i * dims, size_t(i));
  }
  index.setEf(size_t(std::max(2 * (k + 1), 50)));
  for (int64_t i = 0; i < count; ++i) {
    if ((i & 255) == 0 && cancel.load(std::memory_order_relaxed)) {
      cancelled = true;
      return;
    }
    auto found = index.searchKnn(codes + i * dims, size_t(k + 1));  // farthest on top
    std::vector<std::pair<float, int32_t>> row;
    while (!found.empty()) {
      if (int64_t(found.top().second) != i) row.emplace_back(found.top().first, int32_t(found.top().second));
      found.pop();
    }
    std::sort(row.begin(), row.end());
    // Duplicates of the point may have hidden it: keep the k nearest; a short row repeats its last neighbour.
    if (row.empty()) throw Error("UMAP: the neighbour search found no neighbours");
    for (int n = 0; n < k; ++n) {
      const auto& [d, j] = row[size_t(std::min(n, int(row.size()) - 1))];
      graph.index[size_t(i * k + n)] = j;
      graph.distance[size_t(i * k + n)] = std::sqrt(std::max(d, 0.0f));
    }
  }
}

}  // namespace

std::optional<KnnGraph> nearestNeighbours(const float* codes, int64_t count, int dims, int k, uint64_t seed,
                                          const std::atomic<bool>& cancel) {
  if (count < 2 || k < 1 || dims < 1) throw Error("UMAP: needs at least 2 points and 1 neighbour");
  KnnGraph graph;
  graph.k = int(std::min<int64_t>(k, count - 1));
  graph.index.resize(size_t(count * graph.k));
  graph.distance.resize(size_t(count * graph.k));
  bool cancelled = false;
  if (count < kExactBelow) exactNeighbours(codes, count, dims, graph, cancel, cancelled);
  else hnswNeighbours(codes, count, dims, seed, graph, cancel, cancelled);
  if (cancelled) return std::nullopt;
  return graph;
}

FuzzyGraph fuzzySimplicialSet(const KnnGraph& knn, int64_t count) {
  const int k = knn.k;
  // Smooth kNN distances (umap-learn's smooth_knn_dist, local connectivity 1): rho is the distance to the nearest
  // neighbour that is not a duplicate, sigma makes the memberships of the k neighbours sum to log2(k + 1) (k + 1:
  // umap-learn counts the point itself among its n_neighbors).
  const double target = std::log2(double(k) + 1.0);
  double meanAll = 0;
  for (float d : knn.distance) meanAll += d;
  meanAll /= std::max<double>(1.0, double(knn.distance.size()));
  std::vector<std::tuple<int32_t, int32_t, float>> entries;
  entries.reserve(size_t(2 * count * k));
  for (int64_t i = 0; i < count; ++i) {
    const float* d = &knn.distance[size_t(i * k)];
    double rho = 0, mean = 0;
    for (int n = 0; n < k; ++n) {
      mean += d[n];
      if (rho == 0 && d[n] > 0) rho = d[n];
    }
    mean /= k;
    double lo = 0, hi = INFINITY, sigma = 1;
    for (int iteration = 0; iteration < 64; ++iteration) {
      double sum = 0;
      for (int n = 0; n < k; ++n) {
        const double excess = d[n] - rho;
        sum += excess > 0 ? std::exp(-excess / sigma) : 1.0;
      }
      if (std::fabs(sum - target) < 1e-5) break;
      if (sum > target) {
        hi = sigma;
        sigma = 0.5 * (lo + hi);
      } else {
        lo = sigma;
        sigma = std::isinf(hi) ? sigma * 2 : 0.5 * (lo + hi);
      }
    }
    sigma = std::max(sigma, 1e-3 * (rho > 0 ? mean : meanAll));
    for (int n = 0; n < k; ++n) {
      const double excess = d[n] - rho;
      const float w = excess <= 0 || sigma == 0 ? 1.0f : float(std::exp(-excess / sigma));
      const int32_t j = knn.index[size_t(i * k + n)];
      entries.emplace_back(int32_t(i), j, w);
      entries.emplace_back(j, int32_t(i), w);  // the transpose, for the fuzzy union below
    }
  }
  // Fuzzy union of the graph and its transpose: w = a + b - a b for each pair (either may be missing).
  std::sort(entries.begin(), entries.end());
  FuzzyGraph graph;
  for (size_t e = 0; e < entries.size();) {
    const auto [i, j, w0] = entries[e];
    double w = w0;
    size_t next = e + 1;
    for (; next < entries.size() && std::get<0>(entries[next]) == i && std::get<1>(entries[next]) == j; ++next) {
      const double b = std::get<2>(entries[next]);
      w = w + b - w * b;
    }
    e = next;
    if (i == j || !(w > 0)) continue;
    graph.head.push_back(i);
    graph.tail.push_back(j);
    graph.weight.push_back(float(std::min(w, 1.0)));
  }
  return graph;
}

}  // namespace latentlab
