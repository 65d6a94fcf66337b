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

  const float scaleX = float(width) / (2.0f * view.halfWidth), scaleY = float(height) / (2.0f * view.halfHeight);
  const float left = view.centerX - view.halfWidth, top = view.centerY + view.halfHeight;
  const float margin = radius + 1.0f;
  int reach = 0;  // how many rows a disc reaches above and below its centre
  for (const Tap& t : taps) reach = std::max(reach, std::abs(t.dy));
  // Where a point falls, or false when no tap of it can reach the image.
  const auto place = [&](const ScatterPoint& p, int& ix, int& iy) {
    const float px = (p.x - left) * scaleX, py = (top - p.y) * scaleY;
    if (!(px > -margin && px < float(width) + margin && py > -margin && py < float(height) + margin)) return false;
    ix = int(std::floor(px));
    iy = int(std::floor(py));
    return true;
  };

  // The image is summed a band of rows at a time: the sums of a whole panel (5 floats a pixel, 7.7 MB for a
  // 700x550 scatter) were allocated and zeroed for each render while panning, a peak in the window's RSS; a band's
  // stay in the cache. The points are sorted into the bands their discs reach (a counting sort that keeps their
  // order), so each pixel sums the same points in the same order as before: the same image to the bit. Sorting
  // costs a pass over the points, which stops paying once the points are many (docs/performance.md): from a
  // quarter as many points as pixels on, one band.
  const int bandRows = points.size() * 4 > pixels ? height : 32;
  const int bands = (height + bandRows - 1) / bandRows;
  const auto bandRange = [&](int iy, int& first, int& last) {
    first = std::max(0, (iy - reach) / bandRows - (iy - reach < 0 ? 1 : 0));
    last = std::min(bands - 1, (iy + reach) / bandRows);
    return first <= last && iy + reach >= 0;
  };
  std::vector<uint32_t> bandStart(size_t(bands) + 1, 0);
  std::vector<uint32_t> banded;  // the points of band b: banded[bandStart[b]] up to bandStart[b + 1]
  if (bands > 1) {
    for (const ScatterPoint& p : points) {
      int ix = 0, iy = 0, first = 0, last = 0;
      if (!place(p, ix, iy) || !bandRange(iy, first, last)) continue;
      for (int b = first; b <= last; ++b) ++bandStart[size_t(b) + 1];
    }
    for (int b = 0; b < bands; ++b) bandStart[size_t(b) + 1] += bandStart[size_t(b)];
    banded.resize(bandStart.back());
    std::vector<uint32_t> next(bandStart.begin(), bandStart.end() - 1);
    for (size_t i = 0; i < points.size(); ++i) {
      int ix = 0, iy = 0, first = 0, last = 0;
      if (!place(points[i], ix, iy) || !bandRange(iy, first, last)) continue;
      for (int b = first; b <= last; ++b) banded[next[size_t(b)]++] = uint32_t(i);
    }
  }

  const float* bg = kScatterBackground;
  const uint32_t background = pack(bg[0], bg[1], bg[2]);
  image.rgba.assign(pixels, background);
  constexpr size_t kPlanes = 5;  // r, g, b (times opacity), opacity, log transmittance
  std::vector<float> sums(size_t(std::min(bandRows, height)) * size_t(width) * kPlanes);
  for (int b = 0; b < bands; ++b) {
    const int y0 = b * bandRows, y1 = std::min(height, y0 + bandRows);
    std::fill(sums.begin(), sums.end(), 0.0f);
    const size_t count = bands == 1 ? points.size() : size_t(bandStart[size_t(b) + 1] - bandStart[size_t(b)]);
    for (size_t k = 0; k < count; ++k) {
      if ((k & 0xffff) == 0 && cancel && cancel->load(std::memory_order_relaxed)) return false;
      const ScatterPoint& p = points[bands == 1 ? k : banded[bandStart[size_t(b)] + k]];
      int ix = 0, iy = 0;
      if (!place(p, ix, iy)) continue;
      for (const Tap& t : taps) {
        const int x = ix + t.dx, y = iy + t.dy;
        if (x < 0 || y < y0 || x >= width || y >= y1) continue;
        float* s = &sums[(size_t(y - y0) * size_t(width) + size_t(x)) * kPlanes];
        s[0] += p.r * t.alpha;
        s[1] += p.g * t.alpha;
        s[2] += p.b * t.alpha;
        s[3] += t.alpha;
        s[4] += t.logTransmittance;
      }
    }
    for (size_t i = 0, n = size_t(y1 - y0) * size_t(width); i < n; ++i) {
      const float* s = &sums[i * kPlanes];
      if (s[3] <= 0.0f) continue;
      const float alpha = 1.0f - std::exp(s[4]), inv = 1.0f / s[3];
      image.rgba[size_t(y0) * size_t(width) + i] =
          pack(bg[0] + (s[0] * inv - bg[0]) * alpha, bg[1] + (s[1] * inv - bg[1]) * alpha,
               bg[2] + (s[2] * inv - bg[2]) * alpha);
    }
  }
  return !(cancel && cancel->load(std::memory_order_relaxed));
}

}  // namespace latentlab
