#pragma once
// Whether a generative factor is really the class (the shapes' `shape` factor equals the label everywhere): such a
// factor is coloured and named by class in the scatter, not put on a continuous colour bar.
#include <cstdint>
#include <vector>

namespace latentlab {

// `factors` holds labels.size() x factorCount values, row-major. False when the sizes do not fit or there are no
// labels.
inline bool factorIsLabel(const std::vector<float>& factors, size_t factorCount, size_t factor,
                          const std::vector<int32_t>& labels) {
  if (labels.empty() || factor >= factorCount || factors.size() != labels.size() * factorCount) return false;
  for (size_t i = 0; i < labels.size(); ++i)
    if (factors[i * factorCount + factor] != float(labels[i])) return false;
  return true;
}

}  // namespace latentlab
