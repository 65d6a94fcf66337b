#pragma once
// Measurement hooks for bench/run, off unless their environment variables are set (so they cost nothing else):
//   LATENTLAB_FRAME_LOG=FILE    one line per frame (see FrameLog::write): bench/run slices it into phases (idle,
//                               training, dragging a slider, panning the scatter) and finds the frame in which a
//                               slider change reached the screen, the first frame and the data being ready.
//   LATENTLAB_BENCH_POINTS=N    the scatter shows the data set's codes replicated to N points (jittered copies),
//                               to time its re-render at sizes the data sets do not have.
#include <cstdio>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "train/snapshot.h"

namespace latentlab {

class FrameLog {
 public:
  FrameLog();  // opens $LATENTLAB_FRAME_LOG, if set
  ~FrameLog();
  FrameLog(const FrameLog&) = delete;
  FrameLog& operator=(const FrameLog&) = delete;
  bool enabled() const { return file_ != nullptr; }
  // Wall-clock seconds (comparable with the launcher's clock), the frame's and the scatter's milliseconds, the
  // trainer's step, whether a run is shown (data loaded, model built), slider 0 and a hash of the slider image.
  // Then each part of the frame (FrameStats' laps) as name=ms, for finding where a frame's time goes.
  void write(double frameMs, double scatterMs, long long step, bool hasRun, double slider0, size_t imageHash,
             const std::vector<std::pair<std::string, double>>& parts);

 private:
  std::FILE* file_ = nullptr;
};

// With LATENTLAB_BENCH_POINTS set, returns `snapshot` with its latent codes replicated to that many points (cached
// per snapshot: the same one comes back every frame); otherwise `snapshot` itself.
class PointReplicator {
 public:
  PointReplicator();
  std::shared_ptr<const Snapshot> apply(const std::shared_ptr<const Snapshot>& snapshot);

 private:
  long long points_ = 0;
  std::shared_ptr<const Snapshot> source_, replaced_;
  std::shared_ptr<const LatentCodes> sourceCodes_, codes_;
};

}  // namespace latentlab
