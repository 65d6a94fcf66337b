#include "data/shapes.h"

#include <torch/torch.h>

#include <cmath>
#include <random>

#include "util/error.h"

namespace latentlab {
namespace {

enum Shape { kSquare, kEllipse, kTriangle, kHeart, kShapeCount };

// Inside tests in the sprite's own frame, where the shape spans about [-1, 1].
bool inside(int shape, float u, float v) {
  switch (shape) {
    case kSquare: return std::abs(u) <= 0.8f && std::abs(v) <= 0.8f;
    case kEllipse: return u * u + (v * v) / 0.36f <= 1.0f;
    case kTriangle: {
      // Equilateral, pointing up: below the two slanted edges and above the base.
      const float s = 1.7320508f;
      return v <= 0.5f && v >= s * u - 1.0f && v >= -s * u - 1.0f;
    }
    default: {
      const float x = u * 1.15f, y = -v * 1.15f + 0.15f, a = x * x + y * y - 1;
      return a * a * a - x * x * y * y * y <= 0;
    }
  }
}

}  // namespace

Dataset makeShapes(int64_t count, uint64_t seed, const DataOptions& options) {
  if (count < 10 || count > 2000000) throw Error("shapes: the image count must be between 10 and 2000000");
  const int side = kShapesSide;
  auto images = torch::zeros({count, 1, side, side}, torch::kUInt8);
  auto factors = torch::empty({count, 5}, torch::kFloat32);
  auto labels = torch::empty({count}, torch::kLong);
  uint8_t* pixels = images.data_ptr<uint8_t>();
  float* f = factors.data_ptr<float>();
  int64_t* l = labels.data_ptr<int64_t>();
  std::mt19937_64 rng(seed);
  std::uniform_real_distribution<float> unit(0.0f, 1.0f);
  constexpr int kSamples = 3;  // 3x3 supersampling gives smooth edges
  for (int64_t i = 0; i < count; ++i) {
    if (options.cancel && options.cancel->load()) throw Error("cancelled");
    const int shape = int(rng() % kShapeCount);
    const float scale = 0.5f + 0.5f * unit(rng), rotation = 6.2831853f * unit(rng);
    const float x = 0.3f + 0.4f * unit(rng), y = 0.3f + 0.4f * unit(rng);
    l[i] = shape;
    f[i * 5 + 0] = float(shape);
    f[i * 5 + 1] = scale;
    f[i * 5 + 2] = rotation;
    f[i * 5 + 3] = x;
    f[i * 5 + 4] = y;
    const float radius = scale * side * 0.18f, cx = x * side, cy = y * side;
    const float c = std::cos(rotation), s = std::sin(rotation);
    const int x0 = std::max(0, int(cx - 1.5f * radius)), x1 = std::min(side - 1, int(cx + 1.5f * radius));
    const int y0 = std::max(0, int(cy - 1.5f * radius)), y1 = std::min(side - 1, int(cy + 1.5f * radius));
    uint8_t* image = pixels + i * side * side;
    for (int py = y0; py <= y1; ++py) {
      for (int px = x0; px <= x1; ++px) {
        int hits = 0;
        for (int sy = 0; sy < kSamples; ++sy)
          for (int sx = 0; sx < kSamples; ++sx) {
            const float dx = (px + (sx + 0.5f) / kSamples - cx) / radius;
            const float dy = (py + (sy + 0.5f) / kSamples - cy) / radius;
            hits += inside(shape, c * dx + s * dy, -s * dx + c * dy);
          }
        image[py * side + px] = uint8_t(hits * 255 / (kSamples * kSamples));
      }
    }
    if (options.onProgress && i % 4096 == 0) options.onProgress(float(i) / float(count), "drawing shapes");
  }
  const int64_t testCount = std::max<int64_t>(1, count / 11);
  Dataset data;
  data.name = "shapes";
  data.train = {images.slice(0, 0, count - testCount).contiguous(), labels.slice(0, 0, count - testCount).contiguous(),
                factors.slice(0, 0, count - testCount).contiguous()};
  data.test = {images.slice(0, count - testCount).contiguous(), labels.slice(0, count - testCount).contiguous(),
               factors.slice(0, count - testCount).contiguous()};
  data.classNames = {"square", "ellipse", "triangle", "heart"};
  data.factorNames = {"shape", "scale", "rotation", "x", "y"};
  return data;
}

}  // namespace latentlab
