#pragma once
// Exported PNGs are magnified (nearest neighbour) so that small data images can be seen: 28x28 Fashion-MNIST
// images come out at 252x252. One rule for every export (one image, a sample grid, a traversal, a manifold, an
// interpolation strip): the factor follows the size of one data image in it, never the size of the whole PNG,
// so a grid's images are as large as the single image's.
#include "io/image.h"

namespace latentlab {

// The integer factor that brings a data image of cellWidth x cellHeight to at least kExportCellSide pixels on
// its shorter side (1 for images that are that large already, or an unknown size).
constexpr int kExportCellSide = 256;
int exportMagnification(int cellWidth, int cellHeight);

// Each pixel becomes a factor x factor block.
Image magnify(const Image& image, int factor);

}  // namespace latentlab
