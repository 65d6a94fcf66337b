#pragma once
// "Loss curves": every series of the model over the whole history, drawn with min/max per pixel column so a
// million steps draw as fast as a thousand. Log scale, smoothing, hover readout, wheel zoom, drag pan, and
// hyperparameter changes marked as vertical lines.
#include <cstddef>
#include <string>
#include <vector>

namespace latentlab {

class Explorer;
struct Snapshot;
struct MetricsHistory;

class LossPlotPanel {
 public:
  void draw(Explorer& explorer);

 private:
  void updateSmoothing(const Snapshot& snap);
  template <typename RowAt>
  void computeSpans(const MetricsHistory& history, int columns, size_t firstRow, size_t endRow, const RowAt& rowAt);

  struct Span {
    float x, min, max;  // x: pixels from the plot's left edge; min/max: the values drawn in that column
  };

  bool logScale_ = false;
  float smoothing_ = 0.9f;
  std::vector<bool> visible_;
  bool follow_ = true;            // the view tracks the whole history until the user zooms or pans
  double viewStart_ = 0, viewEnd_ = 1;
  long long smoothedVersion_ = -1;
  float smoothedWith_ = -1;
  std::vector<std::vector<float>> smoothed_;
  std::vector<std::vector<Span>> spans_;  // per series, what is drawn
  float lo_ = 0, hi_ = 1;                 // their value range
  std::string spansKey_;                  // the history version, view and toggles spans_ were computed for
};

}  // namespace latentlab
