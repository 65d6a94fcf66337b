#pragma once
// bench/run's frame log, off unless LATENTLAB_FRAME_LOG=FILE is set (so it costs nothing else): one line per frame
// (see FrameLog::write). bench/run slices it into phases (idle, training, dragging a slider, panning the scatter)
// and finds the frame in which a slider change reached the screen, the first frame and the data being ready.
// Torch-free: the launcher (main.cpp) logs its frames before the explorer is loaded, then hands the log over.
#include <cstdio>
#include <string>
#include <utility>
#include <vector>

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

}  // namespace latentlab
