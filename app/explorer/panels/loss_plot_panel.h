#pragma once
// "Loss curves": every series of the model over the whole history, drawn with min/max per pixel column so a
// million steps draw as fast as a thousand. Log scale, smoothing, hover readout, wheel zoom, drag pan, and
// hyperparameter changes marked as vertical lines. Round ticks in margins beside the curves, event labels stacked
// above them (util/nice_ticks.h, util/label_rows.h). Nothing here passes over the whole history: the smoothing is
// extended by the rows that arrived since the last snapshot, and the per-column min/max read block summaries.
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "snapshot/metrics_history.h"

namespace latentlab {

class Explorer;
struct Snapshot;

class LossPlotPanel {
 public:
  void draw(const Explorer& explorer);  // reads only: it edits nothing of the explorer

 private:
  void drawLegend(const Snapshot& snap);  // the series' toggles with what each means, log, smoothing, Fit
  void updateSmoothing(const Snapshot& snap);
  void computeSpans(const MetricsHistory& history, int columns);

  bool logScale_ = false;
  float leftMargin_ = 50;  // room for the y labels: the widest label of the last frame
  float smoothing_ = 0.9f;
  std::vector<bool> visible_;
  bool follow_ = true;  // the view tracks the whole history until the user zooms or pans
  double viewStart_ = 0, viewEnd_ = 1;
  // The smoothed curves, extended incrementally; restarted when the history's generation, its first step or the
  // smoothing factor changes, or it shrank.
  uint64_t smoothedGeneration_ = 0;
  int64_t smoothedFirstStep_ = -1;
  float smoothedWith_ = -1;
  std::vector<BlockMinMax> smoothed_;           // per series, one value per row of the history
  std::vector<double> emaAverage_, emaWeight_;  // per series, the moving average's state after the last row
  std::vector<std::vector<PlotSpan>> spans_;    // per series, what is drawn (x: pixels from the plot's left edge)
  float lo_ = 0, hi_ = 1;                       // their value range
  std::string spansKey_;                        // the history version, view and toggles spans_ were computed for
};

}  // namespace latentlab
