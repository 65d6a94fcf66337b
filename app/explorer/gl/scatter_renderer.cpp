#include "gl/scatter_renderer.h"

#include <glad/gl.h>
#include <imgui.h>

#include "gl/frame_damage.h"

namespace latentlab {

ScatterRenderer::ScatterRenderer()
    // Waits: a drag asks for a new image every frame; cancelling the one in progress would leave none finished.
    // Nice 0: the image is what the user is looking at.
    : worker_(&ScatterRenderer::rasterize, Submitted::Waits, 0, "ll-raster") {
  glGenTextures(1, &texture_);
  glBindTexture(GL_TEXTURE_2D, texture_);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_LINEAR);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_LINEAR);
  // Outside the image (a view panned past it, before the new one arrives) is the plot's background.
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_S, GL_CLAMP_TO_BORDER);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_T, GL_CLAMP_TO_BORDER);
  const float border[4] = {kScatterBackground[0], kScatterBackground[1], kScatterBackground[2], 1.0f};
  glTexParameterfv(GL_TEXTURE_2D, GL_TEXTURE_BORDER_COLOR, border);
}

ScatterRenderer::~ScatterRenderer() { glDeleteTextures(1, &texture_); }

std::shared_ptr<const RasterImage> ScatterRenderer::rasterize(Job& job, const std::atomic<bool>& cancel) {
  auto image = std::make_shared<RasterImage>();
  if (!rasterizePoints(*job.points, job.view, job.width, job.height, job.pointSize, *image, &cancel)) return nullptr;
  return image;
}

void ScatterRenderer::setPoints(std::shared_ptr<const std::vector<ScatterPoint>> points) {
  points_ = std::move(points);
  dirty_ = true;
}

void ScatterRenderer::render(int width, int height, const ScatterView& view, float pointSize) {
  if (width < 1 || height < 1 || !points_) return;
  if (dirty_ || width != asked_.width || height != asked_.height || view != asked_.view ||
      pointSize != asked_.pointSize) {
    asked_ = Job{points_, view, width, height, pointSize};
    askedTicket_ = worker_.submit(asked_);
    dirty_ = false;
  }
  const auto latest = worker_.latest();
  if (latest.ticket == shownTicket_ || !latest.result) return;
  const RasterImage& image = *latest.result;
  glBindTexture(GL_TEXTURE_2D, texture_);
  glPixelStorei(GL_UNPACK_ALIGNMENT, 4);
  if (image.width != textureWidth_ || image.height != textureHeight_) {
    glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA8, image.width, image.height, 0, GL_RGBA, GL_UNSIGNED_BYTE,
                 image.rgba.data());
    textureWidth_ = image.width;
    textureHeight_ = image.height;
  } else {
    glTexSubImage2D(GL_TEXTURE_2D, 0, 0, 0, image.width, image.height, GL_RGBA, GL_UNSIGNED_BYTE, image.rgba.data());
  }
  shownTicket_ = latest.ticket;
  shownView_ = image.view;
  ++uploads_;
  noteTextureUpload(texture_);
}

void ScatterRenderer::draw(ImDrawList* draw, const ImVec2& origin, const ImVec2& size, const ScatterView& view) const {
  if (uploads_ == 0) return;
  // Where the current view's corners fall in the shown image (u from its left edge, v from its top).
  const ScatterView& at = shownView_;
  const float u0 = (view.centerX - view.halfWidth - (at.centerX - at.halfWidth)) / (2 * at.halfWidth);
  const float u1 = (view.centerX + view.halfWidth - (at.centerX - at.halfWidth)) / (2 * at.halfWidth);
  const float v0 = ((at.centerY + at.halfHeight) - (view.centerY + view.halfHeight)) / (2 * at.halfHeight);
  const float v1 = ((at.centerY + at.halfHeight) - (view.centerY - view.halfHeight)) / (2 * at.halfHeight);
  draw->AddImage(reinterpret_cast<void*>(static_cast<uintptr_t>(texture_)), origin,
                 ImVec2(origin.x + size.x, origin.y + size.y), ImVec2(u0, v0), ImVec2(u1, v1));
}

}  // namespace latentlab
