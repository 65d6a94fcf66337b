#include "gl/scatter_renderer.h"

#include <glad/gl.h>

#include <cstddef>

namespace latentlab {

ScatterRenderer::ScatterRenderer() : program_("scatter.vert", "scatter.frag") {
  glGenVertexArrays(1, &vao_);
  glGenBuffers(1, &vbo_);
  glBindVertexArray(vao_);
  glBindBuffer(GL_ARRAY_BUFFER, vbo_);
  glEnableVertexAttribArray(0);
  glVertexAttribPointer(0, 2, GL_FLOAT, GL_FALSE, sizeof(ScatterPoint), reinterpret_cast<void*>(0));
  glEnableVertexAttribArray(1);
  glVertexAttribPointer(1, 3, GL_FLOAT, GL_FALSE, sizeof(ScatterPoint),
                        reinterpret_cast<void*>(offsetof(ScatterPoint, r)));
  glBindVertexArray(0);
  glGenFramebuffers(1, &fbo_);
  glGenTextures(1, &texture_);
}

ScatterRenderer::~ScatterRenderer() {
  glDeleteTextures(1, &texture_);
  glDeleteFramebuffers(1, &fbo_);
  glDeleteBuffers(1, &vbo_);
  glDeleteVertexArrays(1, &vao_);
}

void ScatterRenderer::setPoints(const std::vector<ScatterPoint>& points) {
  glBindBuffer(GL_ARRAY_BUFFER, vbo_);
  glBufferData(GL_ARRAY_BUFFER, GLsizeiptr(points.size() * sizeof(ScatterPoint)), points.data(), GL_STATIC_DRAW);
  glBindBuffer(GL_ARRAY_BUFFER, 0);
  count_ = int(points.size());
  dirty_ = true;
}

void ScatterRenderer::render(int width, int height, const ScatterView& view, float pointSize) {
  if (width < 1 || height < 1) return;
  if (width != width_ || height != height_) {
    glBindTexture(GL_TEXTURE_2D, texture_);
    glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA8, width, height, 0, GL_RGBA, GL_UNSIGNED_BYTE, nullptr);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_LINEAR);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_LINEAR);
    glBindFramebuffer(GL_FRAMEBUFFER, fbo_);
    glFramebufferTexture2D(GL_FRAMEBUFFER, GL_COLOR_ATTACHMENT0, GL_TEXTURE_2D, texture_, 0);
    glBindFramebuffer(GL_FRAMEBUFFER, 0);
    width_ = width;
    height_ = height;
    dirty_ = true;
  }
  if (!dirty_ && view == view_ && pointSize == pointSize_) return;
  view_ = view;
  pointSize_ = pointSize;
  dirty_ = false;
  ++renders_;

  glBindFramebuffer(GL_FRAMEBUFFER, fbo_);
  glViewport(0, 0, width, height);
  glClearColor(0.07f, 0.075f, 0.09f, 1.0f);
  glClear(GL_COLOR_BUFFER_BIT);
  glEnable(GL_BLEND);
  glBlendFunc(GL_SRC_ALPHA, GL_ONE_MINUS_SRC_ALPHA);
  glEnable(GL_PROGRAM_POINT_SIZE);
  glUseProgram(program_.id());
  glUniform2f(program_.uniform("viewCenter"), view.centerX, view.centerY);
  // Texture rows are flipped when ImGui shows them, so +y points up on screen.
  glUniform2f(program_.uniform("viewScale"), 1.0f / view.halfWidth, -1.0f / view.halfHeight);
  glUniform1f(program_.uniform("pointSize"), pointSize);
  glUniform1f(program_.uniform("alpha"), count_ > 20000 ? 0.55f : 0.85f);
  glBindVertexArray(vao_);
  glDrawArrays(GL_POINTS, 0, count_);
  glBindVertexArray(0);
  glUseProgram(0);
  glDisable(GL_PROGRAM_POINT_SIZE);
  glBindFramebuffer(GL_FRAMEBUFFER, 0);
}

void* ScatterRenderer::imguiId() const { return reinterpret_cast<void*>(static_cast<uintptr_t>(texture_)); }

}  // namespace latentlab
