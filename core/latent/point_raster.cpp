#include "latent/point_raster.h"

#include <algorithm>
#include <cmath>

namespace latentlab {

namespace {

// One pixel of a point's disc: where, and how much of the point it shows (soft towards the rim, as the GL sprites
// were: 1 - 0.35 r^2).
struct Tap {
  int dx, dy;
  float alpha, logTransmittance;
};

uint32_t pack(float r, float g, float b) {
  auto byte = [](float v) { return uint32_t(std::lround(std::clamp(v, 0.0f, 1.0f) * 255.0f)); };
  return byte(r) | byte(g) << 8 | byte(b) << 16 | 0xff000000u;
}

std::vector<Tap> discTaps(float radius, float alpha) {
  std::vector<Tap> taps;
  const int reach = int(std::ceil(radius - 0.5f));
  for (int dy = -reach; dy <= reach; ++dy)
    for (int dx = -reach; dx <= reach; ++dx) {
      const float r2 = float(dx * dx + dy * dy) / (radius * radius);
      if (r2 > 1.0f) continue;
      const float a = alpha * (1.0f - 0.35f * r2);
      taps.push_back({dx, dy, a, std::log1p(-a)});
    }
  return taps;
}

}  // namespace

bool rasterizePoints(const std::vector<ScatterPoint>& points, const ScatterView& view, int width, int height,
                     float pointSize, RasterImage& image, const std::atomic<bool>* cancel) {
  width = std::max(width, 1);
  height = std::max(height, 1);
  image.width = width;
  image.height = height;
  image.view = view;
  image.points = int64_t(points.size());
  const size_t pixels = size_t(width) * size_t(height);

  // Blending k points of opacity a leaves (1 - a)^k of the background: summed as logarithms, it does not depend on
  // the order the points come in; the colour is the opacity-weighted mean of theirs.
  const float radius = std::max(0.5f, pointSize * 0.5f);
  std::vector<Tap> taps = discTaps(radius, points.size() > 20000 ? 0.55f : 0.85f);
  image.density = double(points.size()) * double(taps.size()) > 2.0 * double(pixels);
  if (image.density) taps = {{0, 0, 0.35f, std::log1p(-0.35f)}};

  constexpr size_t kPlanes = 5;  // r, g, b (times opacity), opacity, log transmittance
  std::vector<float> sums(pixels * kPlanes, 0.0f);
  const float scaleX = float(width) / (2.0f * view.halfWidth), scaleY = float(height) / (2.0f * view.halfHeight);
  const float left = view.centerX - view.halfWidth, top = view.centerY + view.halfHeight;
  const float margin = radius + 1.0f;
  for (size_t i = 0; i < points.size(); ++i) {
    if ((i & 0xffff) == 0 && cancel && cancel->load(std::memory_order_relaxed)) return false;
    const ScatterPoint& p = points[i];
    const float px = (p.x - left) * scaleX, py = (top - p.y) * scaleY;
    if (!(px > -margin && px < float(width) + margin && py > -margin && py < float(height) + margin)) continue;
    const int ix = int(std::floor(px)), iy = int(std::floor(py));
    for (const Tap& t : taps) {
      const int x = ix + t.dx, y = iy + t.dy;
      if (x < 0 || y < 0 || x >= width || y >= height) continue;
      float* s = &sums[(size_t(y) * size_t(width) + size_t(x)) * kPlanes];
      s[0] += p.r * t.alpha;
      s[1] += p.g * t.alpha;
      s[2] += p.b * t.alpha;
      s[3] += t.alpha;
      s[4] += t.logTransmittance;
    }
  }

  const float* bg = kScatterBackground;
  const uint32_t background = pack(bg[0], bg[1], bg[2]);
  image.rgba.assign(pixels, background);
  for (size_t i = 0; i < pixels; ++i) {
    const float* s = &sums[i * kPlanes];
    if (s[3] <= 0.0f) continue;
    const float alpha = 1.0f - std::exp(s[4]), inv = 1.0f / s[3];
    image.rgba[i] = pack(bg[0] + (s[0] * inv - bg[0]) * alpha, bg[1] + (s[1] * inv - bg[1]) * alpha,
                         bg[2] + (s[2] * inv - bg[2]) * alpha);
  }
  return !(cancel && cancel->load(std::memory_order_relaxed));
}

}  // namespace latentlab
