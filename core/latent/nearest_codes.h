#pragma once
// The nearest neighbours of one code among all the codes of a data set, by exact search (Euclidean distance in
// latent space). 70,000 codes of 20 dimensions take about a millisecond: fine on a worker, per point asked for.
#include <cstdint>
#include <vector>

namespace latentlab {

// Indices of the `k` codes nearest to code `index` (itself excluded), nearest first, ties by lower index.
// `codes` holds count x dims values, row-major. `keep` (count entries, or empty for all) limits the candidates.
// Empty when index is out of range.
std::vector<int64_t> nearestCodes(const std::vector<float>& codes, int dims, int64_t index, int k,
                                  const std::vector<bool>& keep = {});

}  // namespace latentlab
