#pragma once
// Shows the latent scatter: its image is drawn on the CPU by a worker thread (latent/point_raster.h) and uploaded
// to one texture here. The frame loop never draws points: it asks for an image when the points, the view or the
// size change, and meanwhile shows the newest image it has, placed for the current view, so a pan or a zoom moves
// at once, at any point count, and sharpens when the new image arrives (a frame or two later).
#include <cstdint>
#include <memory>
#include <vector>

#include "latent/point_raster.h"
#include "util/latest_wins_worker.h"

struct ImDrawList;
struct ImVec2;

namespace latentlab {

class ScatterRenderer {
 public:
  ScatterRenderer();
  ~ScatterRenderer();
  ScatterRenderer(const ScatterRenderer&) = delete;
  ScatterRenderer& operator=(const ScatterRenderer&) = delete;

  void setPoints(std::shared_ptr<const std::vector<ScatterPoint>> points);
  // Asks for a new image if anything changed and uploads a finished one; cheap otherwise.
  void render(int width, int height, const ScatterView& view, float pointSize);
  // The newest image, placed for `view`, filling the rectangle at `origin` of `size`.
  void draw(ImDrawList* draw, const ImVec2& origin, const ImVec2& size, const ScatterView& view) const;
  int renderCount() const { return uploads_; }                   // images shown so far
  bool current() const { return shownTicket_ == askedTicket_; }  // the image shown is the one last asked for

 private:
  struct Job {
    std::shared_ptr<const std::vector<ScatterPoint>> points;
    ScatterView view;
    int width = 0, height = 0;
    float pointSize = 1;
  };
  static std::shared_ptr<const RasterImage> rasterize(Job& job, const std::atomic<bool>& cancel);

  LatestWinsWorker<Job, RasterImage> worker_;
  std::shared_ptr<const std::vector<ScatterPoint>> points_;
  bool dirty_ = true;
  Job asked_;
  uint64_t askedTicket_ = 0, shownTicket_ = 0;
  ScatterView shownView_;
  unsigned texture_ = 0;
  int textureWidth_ = 0, textureHeight_ = 0, uploads_ = 0;
};

}  // namespace latentlab
