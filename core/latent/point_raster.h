#pragma once
// The latent scatter's image, drawn on the CPU (docs/architecture.md, "The scatter"). Software OpenGL needed
// 100 ms to draw 70k point sprites and seconds for a million, so the points are aggregated into pixels instead, as
// datashader does: each point adds its colour and coverage to the pixels its disc touches, then each pixel is
// shaded once. The cost is one pass over the points plus one over the pixels, whatever the overlap; with far more
// points than pixels, a point covers one pixel and density shows as opacity.
#include <atomic>
#include <cstdint>
#include <vector>

namespace latentlab {

struct ScatterPoint {
  float x, y;     // data coordinates
  float r, g, b;  // colour, 0..1
};

struct ScatterView {
  float centerX = 0, centerY = 0;       // data coordinates at the middle
  float halfWidth = 3, halfHeight = 3;  // data units from the middle to the edges
  bool operator==(const ScatterView& o) const {
    return centerX == o.centerX && centerY == o.centerY && halfWidth == o.halfWidth && halfHeight == o.halfHeight;
  }
  bool operator!=(const ScatterView& o) const { return !(*this == o); }
};

// The background the points are drawn on (RGB 0..1): the panel's plot area.
constexpr float kScatterBackground[3] = {0.07f, 0.075f, 0.09f};

struct RasterImage {
  int width = 0, height = 0;
  ScatterView view;            // what it shows
  std::vector<uint32_t> rgba;  // width x height, row 0 at the top (largest y); bytes R, G, B, A in memory
  int64_t points = 0;          // how many were drawn
  bool density = false;        // one pixel a point (far more points than pixels)
};

// `pointSize`: a point's diameter in pixels. Returns false (and an unfinished image) when `cancel` turned true.
bool rasterizePoints(const std::vector<ScatterPoint>& points, const ScatterView& view, int width, int height,
                     float pointSize, RasterImage& image, const std::atomic<bool>* cancel = nullptr);

}  // namespace latentlab
