#pragma once
// Latent-space geometry shared by the GUI views and the CLI exports: interpolation, traversals, manifold grids
// and principal axes of the data set's codes. Plain vectors, no torch.
#include <vector>

namespace latentlab {

using Code = std::vector<float>;

// `steps` codes from a to b inclusive. Spherical interpolation follows the great circle (better for Gaussian
// priors, where the straight line passes through low-density space near the origin).
std::vector<Code> interpolate(const Code& a, const Code& b, int steps, bool spherical);

// For each dim in `dims`: `steps` copies of base with that dim swept from -range to +range. Row-major: one row
// per dimension.
std::vector<Code> traversal(const Code& base, const std::vector<int>& dims, int steps, float range);

// steps x steps codes: dimX swept left to right, dimY top to bottom (top = +range), others from base.
std::vector<Code> manifoldGrid(const Code& base, int dimX, int dimY, int steps, float range);

struct PrincipalAxes {
  Code mean;                    // dims
  std::vector<Code> axes;       // k unit vectors, largest variance first
  std::vector<float> variance;  // variance along each axis
};

// The k leading principal axes of count x dims row-major codes (power iteration on the covariance).
PrincipalAxes principalAxes(const std::vector<float>& codes, int dims, int k);

// Projects each code onto axes: returns count x axes.size() row-major.
std::vector<float> project(const std::vector<float>& codes, int dims, const PrincipalAxes& axes);

}  // namespace latentlab
