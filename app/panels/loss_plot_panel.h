#pragma once
// "Loss curves": every series of the model over the whole history, drawn with min/max per pixel column so a
// million steps draw as fast as a thousand. Log scale, smoothing, hover readout, wheel zoom, drag pan, and
// hyperparameter changes marked as vertical lines.
#include <vector>

namespace latentlab {

class Explorer;
struct Snapshot;

class LossPlotPanel {
 public:
  void draw(Explorer& explorer);

 private:
  void updateSmoothing(const Snapshot& snap);

  bool logScale_ = false;
  float smoothing_ = 0.9f;
  std::vector<bool> visible_;
  bool follow_ = true;            // the view tracks the whole history until the user zooms or pans
  double viewStart_ = 0, viewEnd_ = 1;
  long long smoothedVersion_ = -1;
  float smoothedWith_ = -1;
  std::vector<std::vector<float>> smoothed_;
};

}  // namespace latentlab
