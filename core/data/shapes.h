#pragma once
// The built-in `shapes` data set: 64x64 gray sprites of four shapes with known generative factors, so the latent
// scatter can be coloured by the true factor. Deterministic from a seed; needs no file.
#include <cstdint>

#include "data/dataset.h"

namespace latentlab {

// kShapesSide: sprite side in pixels. kShapesDefaultCount: train + test images when none is asked for.
constexpr int kShapesSide = 64;
constexpr int64_t kShapesDefaultCount = 22000;

Dataset makeShapes(int64_t count, uint64_t seed, const DataOptions& options);

}  // namespace latentlab
