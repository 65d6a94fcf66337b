#pragma once
// UMAP (McInnes, Healy, Melville 2018), as umap-learn computes it: an approximate k-nearest-neighbour graph
// (hnswlib), its fuzzy simplicial set (smooth kNN distances, symmetrised by fuzzy union), a PCA start scaled to
// [0, 10], and stochastic gradient descent with negative sampling. Single-threaded and deterministic for a seed;
// cancellable through an atomic flag checked every few thousand points; publishes intermediate layouts so a view
// can refine while it runs. Plain vectors, no torch.
#include <atomic>
#include <cstdint>
#include <functional>
#include <optional>
#include <vector>

namespace latentlab {

struct UmapOptions {
  int neighbours = 15;   // k of the kNN graph (fewer when there are fewer points)
  float minDist = 0.1f;  // how tightly points may pack in the layout
  float spread = 1.0f;   // the scale of the layout's clusters
  int epochs = 0;        // 0: 500 below 10,000 points, 200 from there (umap-learn's defaults)
  int negativeRate = 5;  // negative samples per positive one
  float learningRate = 1.0f;
  uint64_t seed = 42;
  int publishEvery = 10;  // epochs between intermediate layouts
};

// The curve 1 / (1 + a d^(2b)) fitted by least squares to "1 within minDist, then exp(-(d - minDist) / spread)",
// as umap-learn's find_ab_params does (for 0.1 and 1: a = 1.577, b = 0.895).
void fitUmapCurve(float minDist, float spread, float& a, float& b);

// k nearest neighbours of every point (itself excluded), nearest first: count x k indices and Euclidean distances.
struct KnnGraph {
  int k = 0;
  std::vector<int32_t> index;
  std::vector<float> distance;
};
// nullopt when cancelled.
std::optional<KnnGraph> nearestNeighbours(const float* codes, int64_t count, int dims, int k, uint64_t seed,
                                          const std::atomic<bool>& cancel);

// The symmetric fuzzy graph: each undirected edge twice (i -> j and j -> i) with its membership strength in (0, 1].
struct FuzzyGraph {
  std::vector<int32_t> head, tail;
  std::vector<float> weight;
};
FuzzyGraph fuzzySimplicialSet(const KnnGraph& knn, int64_t count);

// What a run reports as it goes: the phase, the epoch (0 while the graph is built) and, every publishEvery epochs
// and at the end, the layout so far (count x 2, row-major; null otherwise).
enum class UmapPhase { Neighbours, Layout, Done };
using UmapObserver = std::function<void(UmapPhase phase, int epoch, int epochs, const std::vector<float>* layout)>;

// The 2-D layout of count x dims row-major codes: count x 2, row-major; nullopt when cancelled. `start` (count x 2,
// optional) replaces the PCA start, e.g. the layout of slightly older codes, so that islands stay where they were.
// Throws Error for codes it cannot lay out (fewer than 2 points, NaN or infinite values, sizes that do not match).
std::optional<std::vector<float>> umapLayout(const std::vector<float>& codes, int64_t count, int dims,
                                             const UmapOptions& options, const std::atomic<bool>& cancel,
                                             const UmapObserver& observe = {},
                                             const std::vector<float>* start = nullptr);

}  // namespace latentlab
