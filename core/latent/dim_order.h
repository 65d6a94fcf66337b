#pragma once
// Which latent dimensions a view shows first: the ones the model uses most. For a VAE that is the KL of each
// dimension (a dimension with KL near 0 is ignored by the decoder); a GAN has no KL, so the order is 0, 1, 2...
// The traversal's rows, the manifold's two axes and the sliders' 2D pad all start from this order.
#include <utility>
#include <vector>

namespace latentlab {

// Up to `count` dimensions of `dims`, the highest KL first (ties keep the lower index first). `kl` of another
// size than `dims` (none yet, a GAN) gives 0, 1, 2...
std::vector<int> dimsByUse(const std::vector<float>& kl, int dims, int count);

// The two most used dimensions, for two-axis views (the manifold, the 2D pad); (0, 0) for a one-dimensional
// latent space.
std::pair<int, int> twoMostUsedDims(const std::vector<float>& kl, int dims);

}  // namespace latentlab
