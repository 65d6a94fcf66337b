#include "latent/latent_math.h"

#include <algorithm>
#include <cmath>
#include <numeric>

#include "util/error.h"

namespace latentlab {

std::vector<Code> interpolate(const Code& a, const Code& b, int steps, bool spherical) {
  if (a.size() != b.size()) throw Error("cannot interpolate between codes of different sizes");
  steps = std::max(steps, 2);
  double dot = 0, na = 0, nb = 0;
  for (size_t i = 0; i < a.size(); ++i) {
    dot += double(a[i]) * b[i];
    na += double(a[i]) * a[i];
    nb += double(b[i]) * b[i];
  }
  const double cosine = (na > 0 && nb > 0) ? std::clamp(dot / std::sqrt(na * nb), -1.0, 1.0) : 1.0;
  const double omega = std::acos(cosine);
  // Nearly parallel vectors: slerp degenerates to lerp.
  const bool useSlerp = spherical && std::sin(omega) > 1e-6;
  std::vector<Code> out;
  for (int s = 0; s < steps; ++s) {
    const double t = double(s) / (steps - 1);
    double wa = 1 - t, wb = t;
    if (useSlerp) {
      wa = std::sin((1 - t) * omega) / std::sin(omega);
      wb = std::sin(t * omega) / std::sin(omega);
    }
    Code code(a.size());
    for (size_t i = 0; i < a.size(); ++i) code[i] = float(wa * a[i] + wb * b[i]);
    out.push_back(std::move(code));
  }
  return out;
}

std::vector<Code> traversal(const Code& base, const std::vector<int>& dims, int steps, float range) {
  steps = std::max(steps, 2);
  std::vector<Code> out;
  for (int dim : dims) {
    if (dim < 0 || size_t(dim) >= base.size())
      throw Error("latent dimension " + std::to_string(dim) + " does not exist (the model has " +
                  std::to_string(base.size()) + ")");
    for (int s = 0; s < steps; ++s) {
      Code code = base;
      code[size_t(dim)] = -range + 2 * range * float(s) / float(steps - 1);
      out.push_back(std::move(code));
    }
  }
  return out;
}

std::vector<Code> manifoldGrid(const Code& base, int dimX, int dimY, int steps, float range) {
  if (dimX < 0 || dimY < 0 || size_t(std::max(dimX, dimY)) >= base.size())
    throw Error("manifold grid dimensions are out of range");
  steps = std::max(steps, 2);
  std::vector<Code> out;
  for (int row = 0; row < steps; ++row) {
    for (int col = 0; col < steps; ++col) {
      Code code = base;
      code[size_t(dimX)] = -range + 2 * range * float(col) / float(steps - 1);
      code[size_t(dimY)] = range - 2 * range * float(row) / float(steps - 1);
      out.push_back(std::move(code));
    }
  }
  return out;
}

PrincipalAxes principalAxes(const std::vector<float>& codes, int dims, int k) {
  PrincipalAxes result;
  if (dims <= 0 || codes.empty()) return result;
  const size_t n = codes.size() / size_t(dims), d = size_t(dims);
  result.mean.assign(d, 0.0f);
  std::vector<double> mean(d, 0.0), cov(d * d, 0.0);
  for (size_t i = 0; i < n; ++i)
    for (size_t j = 0; j < d; ++j) mean[j] += codes[i * d + j];
  for (auto& m : mean) m /= double(n);
  for (size_t i = 0; i < n; ++i) {
    const float* row = &codes[i * d];
    for (size_t a = 0; a < d; ++a) {
      const double xa = row[a] - mean[a];
      for (size_t b = a; b < d; ++b) cov[a * d + b] += xa * (row[b] - mean[b]);
    }
  }
  for (size_t a = 0; a < d; ++a)
    for (size_t b = a; b < d; ++b) cov[b * d + a] = cov[a * d + b] /= double(std::max<size_t>(n - 1, 1));
  for (size_t j = 0; j < d; ++j) result.mean[j] = float(mean[j]);

  // Power iteration with deflation: d is at most 128, so this is microseconds, and needs no LAPACK.
  k = std::min(k, dims);
  for (int axis = 0; axis < k; ++axis) {
    std::vector<double> v(d);
    for (size_t j = 0; j < d; ++j) v[j] = 1.0 + 0.01 * double((j * 7919 + size_t(axis) * 31) % 97);
    double lambda = 0;
    for (int iter = 0; iter < 500; ++iter) {
      std::vector<double> w(d, 0.0);
      for (size_t a = 0; a < d; ++a)
        for (size_t b = 0; b < d; ++b) w[a] += cov[a * d + b] * v[b];
      const double norm = std::sqrt(std::inner_product(w.begin(), w.end(), w.begin(), 0.0));
      if (norm < 1e-12) break;
      double change = 0;
      for (size_t j = 0; j < d; ++j) {
        change += std::abs(w[j] / norm - v[j]);
        v[j] = w[j] / norm;
      }
      lambda = norm;
      if (change < 1e-9) break;
    }
    for (size_t a = 0; a < d; ++a)
      for (size_t b = 0; b < d; ++b) cov[a * d + b] -= lambda * v[a] * v[b];
    result.axes.emplace_back(v.begin(), v.end());
    result.variance.push_back(float(lambda));
  }
  return result;
}

std::vector<float> project(const std::vector<float>& codes, int dims, const PrincipalAxes& axes) {
  const size_t d = size_t(dims), k = axes.axes.size(), n = d ? codes.size() / d : 0;
  std::vector<float> out(n * k);
  for (size_t i = 0; i < n; ++i)
    for (size_t a = 0; a < k; ++a) {
      double sum = 0;
      for (size_t j = 0; j < d; ++j) sum += (codes[i * d + j] - axes.mean[j]) * axes.axes[a][j];
      out[i * k + a] = float(sum);
    }
  return out;
}

}  // namespace latentlab
