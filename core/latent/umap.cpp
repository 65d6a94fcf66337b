// UMAP's layout: the curve fit, the start and the stochastic gradient descent (see umap.h). The optimisation
// follows umap-learn's optimize_layout_euclidean: each edge is sampled in proportion to its weight, moves both
// ends together, and pushes its head away from negativeRate random points.
#include "latent/umap.h"

#include <algorithm>
#include <cmath>
#include <string>

#include "latent/latent_math.h"
#include "util/error.h"

namespace latentlab {

namespace {

// xorshift64*: small, fast and the same on every platform (std:: distributions are not), so a seed fixes the run.
struct Random {
  uint64_t state;
  explicit Random(uint64_t seed) : state(seed * 0x9E3779B97F4A7C15ull + 0x2545F4914F6CDD1Dull) {
    if (state == 0) state = 1;
  }
  uint64_t next() {
    state ^= state >> 12;
    state ^= state << 25;
    state ^= state >> 27;
    return state * 0x2545F4914F6CDD1Dull;
  }
  float uniform() { return float(next() >> 40) / float(1ull << 24); }  // [0, 1)
};

// Scales each column to [0, 10] (umap-learn does so to its start) and adds a little noise against exact ties.
void normaliseStart(std::vector<float>& layout, int64_t count, Random& random) {
  for (int c = 0; c < 2; ++c) {
    float lo = INFINITY, hi = -INFINITY;
    for (int64_t i = 0; i < count; ++i) {
      lo = std::min(lo, layout[size_t(2 * i + c)]);
      hi = std::max(hi, layout[size_t(2 * i + c)]);
    }
    const float scale = hi - lo > 1e-12f ? 10.0f / (hi - lo) : 0.0f;
    for (int64_t i = 0; i < count; ++i) {
      float& v = layout[size_t(2 * i + c)];
      v = scale > 0 ? (v - lo) * scale : 10.0f * random.uniform();  // no extent at all: a random start
      v += 1e-4f * (random.uniform() - 0.5f);
    }
  }
}

float clip(float g) { return std::clamp(g, -4.0f, 4.0f); }

}  // namespace

void fitUmapCurve(float minDist, float spread, float& a, float& b) {
  // Levenberg-Marquardt on 300 points of [0, 3 spread], from a = b = 1 (scipy's curve_fit start).
  const int n = 300;
  std::vector<double> xs(n), ys(n);
  for (int i = 0; i < n; ++i) {
    xs[size_t(i)] = 3.0 * spread * i / (n - 1);
    ys[size_t(i)] = xs[size_t(i)] < minDist ? 1.0 : std::exp(-(xs[size_t(i)] - minDist) / spread);
  }
  auto residual = [&](double pa, double pb) {
    double sum = 0;
    for (int i = 0; i < n; ++i) {
      const double r = 1.0 / (1.0 + pa * std::pow(xs[size_t(i)], 2 * pb)) - ys[size_t(i)];
      sum += r * r;
    }
    return sum;
  };
  double pa = 1, pb = 1, lambda = 1e-3, current = residual(pa, pb);
  for (int iteration = 0; iteration < 200; ++iteration) {
    double jaa = 0, jab = 0, jbb = 0, ga = 0, gb = 0;
    for (int i = 0; i < n; ++i) {
      const double x = xs[size_t(i)];
      if (x <= 0) continue;  // f(0) = 1 whatever a and b
      const double u = std::pow(x, 2 * pb), f = 1.0 / (1.0 + pa * u), r = f - ys[size_t(i)];
      const double da = -u * f * f, db = -pa * u * 2 * std::log(x) * f * f;
      jaa += da * da, jab += da * db, jbb += db * db, ga += da * r, gb += db * r;
    }
    const double maa = jaa * (1 + lambda), mbb = jbb * (1 + lambda), det = maa * mbb - jab * jab;
    if (!(std::fabs(det) > 1e-300)) break;
    const double stepA = -(mbb * ga - jab * gb) / det, stepB = -(maa * gb - jab * ga) / det;
    const double tried = residual(pa + stepA, pb + stepB);
    if (tried < current && pa + stepA > 0 && pb + stepB > 0) {
      pa += stepA, pb += stepB;
      const bool converged = current - tried < 1e-15;
      current = tried;
      lambda *= 0.3;
      if (converged) break;
    } else {
      lambda *= 10;
    }
  }
  a = float(pa), b = float(pb);
}

std::optional<std::vector<float>> umapLayout(const std::vector<float>& codes, int64_t count, int dims,
                                             const UmapOptions& options, const std::atomic<bool>& cancel,
                                             const UmapObserver& observe, const std::vector<float>* start) {
  if (count < 2) throw Error("UMAP needs at least 2 points (there are " + std::to_string(count) + ")");
  if (dims < 1 || codes.size() != size_t(count) * size_t(dims))
    throw Error("UMAP: " + std::to_string(codes.size()) + " values are not " + std::to_string(count) + " codes of " +
                std::to_string(dims) + " dimensions");
  for (size_t v = 0; v < codes.size(); ++v)
    if (!std::isfinite(codes[v]))
      throw Error("UMAP: code " + std::to_string(v / size_t(dims)) + " has a NaN or infinite value");
  if (options.neighbours < 2 || options.negativeRate < 0 || !(options.minDist >= 0) || !(options.spread > 0))
    throw Error("UMAP: bad options (neighbours >= 2, negative rate >= 0, min dist >= 0, spread > 0)");

  const int epochs = options.epochs > 0 ? options.epochs : count < 10000 ? 500 : 200;
  if (observe) observe(UmapPhase::Neighbours, 0, epochs, nullptr);
  // options.neighbours counts the point itself, as umap-learn's n_neighbors does.
  const auto knn = nearestNeighbours(codes.data(), count, dims, options.neighbours - 1, options.seed, cancel);
  if (!knn) return std::nullopt;
  FuzzyGraph graph = fuzzySimplicialSet(*knn, count);

  // Edges far weaker than the strongest would be sampled less than once in the whole run: umap-learn drops them.
  const float maxWeight = graph.weight.empty() ? 1.0f : *std::max_element(graph.weight.begin(), graph.weight.end());
  std::vector<int32_t> head, tail;
  std::vector<float> epochsPerSample;
  for (size_t e = 0; e < graph.weight.size(); ++e) {
    if (graph.weight[e] < maxWeight / float(epochs)) continue;
    head.push_back(graph.head[e]);
    tail.push_back(graph.tail[e]);
    epochsPerSample.push_back(maxWeight / graph.weight[e]);
  }
  graph = FuzzyGraph();

  Random random(options.seed);
  std::vector<float> layout;
  if (start && start->size() == size_t(count) * 2) {
    layout = *start;
    for (float v : layout)
      if (!std::isfinite(v)) {
        layout.clear();
        break;
      }
  }
  if (layout.empty()) {
    // PCA start: the global arrangement of the codes, which a random start loses and spectral costs more to get.
    layout = project(codes, dims, principalAxes(codes, dims, 2));
    if (dims < 2 || layout.size() != size_t(count) * 2) layout.assign(size_t(count) * 2, 0.0f);
    for (float& v : layout)
      if (!std::isfinite(v)) v = 0;
  }
  normaliseStart(layout, count, random);

  float a, b;
  fitUmapCurve(options.minDist, options.spread, a, b);
  const size_t edges = head.size();
  std::vector<float> nextSample(epochsPerSample);
  std::vector<float> epochsPerNegative(edges), nextNegative(edges);
  for (size_t e = 0; e < edges; ++e) {
    epochsPerNegative[e] = options.negativeRate > 0 ? epochsPerSample[e] / float(options.negativeRate) : INFINITY;
    nextNegative[e] = epochsPerNegative[e];
  }
  float* y = layout.data();
  for (int epoch = 0; epoch < epochs; ++epoch) {
    const float alpha = options.learningRate * (1.0f - float(epoch) / float(epochs));
    for (size_t e = 0; e < edges; ++e) {
      if ((e & 4095) == 0 && cancel.load(std::memory_order_relaxed)) return std::nullopt;
      if (nextSample[e] > float(epoch)) continue;
      float* current = y + 2 * size_t(head[e]);
      float* other = y + 2 * size_t(tail[e]);
      float dx = current[0] - other[0], dy = current[1] - other[1];
      float d2 = dx * dx + dy * dy;
      if (d2 > 0) {
        // Attraction: the gradient of log(1 / (1 + a d^2b)).
        const float powB1 = std::pow(d2, b - 1.0f);
        const float coeff = -2.0f * a * b * powB1 / (a * powB1 * d2 + 1.0f);
        const float gx = clip(coeff * dx) * alpha, gy = clip(coeff * dy) * alpha;
        current[0] += gx, current[1] += gy;
        other[0] -= gx, other[1] -= gy;
      }
      nextSample[e] += epochsPerSample[e];
      const int negatives = options.negativeRate > 0 ? int((float(epoch) - nextNegative[e]) / epochsPerNegative[e]) : 0;
      for (int p = 0; p < negatives; ++p) {
        const int64_t k = int64_t(random.next() % uint64_t(count));
        if (k == head[e]) continue;
        other = y + 2 * size_t(k);
        dx = current[0] - other[0], dy = current[1] - other[1];
        d2 = dx * dx + dy * dy;
        if (d2 > 0) {
          // Repulsion: the gradient of log(1 - 1 / (1 + a d^2b)).
          const float coeff = 2.0f * b / ((0.001f + d2) * (a * std::pow(d2, b) + 1.0f));
          current[0] += clip(coeff * dx) * alpha;
          current[1] += clip(coeff * dy) * alpha;
        }
      }
      nextNegative[e] += float(negatives) * epochsPerNegative[e];
    }
    if (observe) {
      const bool publish = epoch + 1 == epochs || (options.publishEvery > 0 && (epoch + 1) % options.publishEvery == 0);
      observe(epoch + 1 == epochs ? UmapPhase::Done : UmapPhase::Layout, epoch + 1, epochs,
              publish ? &layout : nullptr);
    }
  }
  return layout;
}

}  // namespace latentlab
