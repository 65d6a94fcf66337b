#include "io/magnify.h"

#include <algorithm>

namespace latentlab {

int exportMagnification(int cellWidth, int cellHeight) {
  const int side = std::min(cellWidth, cellHeight);
  if (side <= 0) return 1;
  return std::max(1, kExportCellSide / side);
}

Image magnify(const Image& image, int factor) {
  if (factor <= 1 || image.empty()) return image;
  Image big(image.width * factor, image.height * factor, image.channels);
  for (int y = 0; y < big.height; ++y)
    for (int x = 0; x < big.width; ++x)
      std::copy_n(image.row(y / factor) + size_t(x / factor) * size_t(image.channels), image.channels,
                  big.row(y) + size_t(x) * size_t(big.channels));
  return big;
}

}  // namespace latentlab
