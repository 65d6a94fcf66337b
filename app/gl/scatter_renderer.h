#pragma once
// Draws the latent scatter with our GLSL shaders into an offscreen texture, and only when the points, the view or
// the size change: software OpenGL needs ~100 ms for 70k point sprites, far too slow to do every frame.
#include <memory>
#include <vector>

#include "gl/shader.h"

namespace latentlab {

struct ScatterPoint {
  float x, y;
  float r, g, b;
};

struct ScatterView {
  float centerX = 0, centerY = 0;  // data coordinates at the middle
  float halfWidth = 3, halfHeight = 3;  // data units from the middle to the edges
  bool operator==(const ScatterView& o) const {
    return centerX == o.centerX && centerY == o.centerY && halfWidth == o.halfWidth && halfHeight == o.halfHeight;
  }
};

class ScatterRenderer {
 public:
  ScatterRenderer();
  ~ScatterRenderer();
  ScatterRenderer(const ScatterRenderer&) = delete;
  ScatterRenderer& operator=(const ScatterRenderer&) = delete;

  void setPoints(const std::vector<ScatterPoint>& points);
  // Re-renders the cached texture if anything changed; cheap otherwise.
  void render(int width, int height, const ScatterView& view, float pointSize);
  void* imguiId() const;
  int renderCount() const { return renders_; }

 private:
  ShaderProgram program_;
  unsigned vao_ = 0, vbo_ = 0, fbo_ = 0, texture_ = 0;
  int count_ = 0, width_ = 0, height_ = 0, renders_ = 0;
  bool dirty_ = true;
  ScatterView view_;
  float pointSize_ = 0;
};

}  // namespace latentlab
