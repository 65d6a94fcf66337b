#pragma once
// The scatter's non-linear map: UMAP of all the data set's codes, computed on a UmapWorker thread while the
// scatter stays live (the frame loop only asks and polls). Intermediate layouts are shown as they arrive; until the
// first one, the scatter keeps the previous layout, or PCA. New codes (a new snapshot version) are laid out again
// once the job in progress finished, starting from its layout so that islands stay where they were; another run's
// codes cancel it at once. Kept apart from ScatterPanel, which only asks for the axis choice and the coordinates.
#include <nlohmann/json.hpp>

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "latent/umap_worker.h"

namespace latentlab {

struct LatentCodes;

class ScatterEmbedding {
 public:
  // The scatter's axis numbers for the two UMAP axes (latent dimensions are >= 0, principal axes -1 and -2).
  static constexpr int kAxisX = -3, kAxisY = -4;
  static bool isAxis(int axis) { return axis == kAxisX || axis == kAxisY; }
  static int component(int axis) { return axis == kAxisX ? 0 : 1; }
  static std::string axisName(int axis) { return axis == kAxisX ? "UMAP 1" : "UMAP 2"; }

  // Inside an open axis combo: the UMAP entries; choosing one sets both axes.
  void drawAxisChoice(int& axisX, int& axisY);
  // Once a frame: starts, refreshes or cancels the computation for `codes` of run `run` (wanted: an axis is UMAP).
  void update(const LatentCodes& codes, int64_t run, bool wanted);
  // The progress or outcome, on the current line (nothing unless wanted).
  void drawStatus() const;
  // The failure of the latest computation, once (for the status line); empty when there is none new.
  Failure takeNewFailure();
  // The layout to draw for `codes` (count x 2), or null while there is none for them (draw PCA meanwhile).
  const std::vector<float>* layout(const LatentCodes& codes) const;
  uint64_t generation() const { return generation_; }  // changes whenever layout() does
  bool busy() const { return worker_.busy(); }         // the window keeps drawing at its busy rate meanwhile
  // A layout ran to the end (or failed, which the status line shows): what --umap --frames waits for.
  bool settled() const;
  nlohmann::json facts() const;  // for --test-report

 private:
  UmapWorker worker_;
  bool wanted_ = false;
  int64_t run_ = -1, version_ = -1;  // the codes of the latest request
  int64_t count_ = 0;
  int dims_ = 0;
  uint64_t ticket_ = 0;
  uint64_t failureSaid_ = 0;  // the ticket whose failure the status line was given
  std::chrono::steady_clock::time_point requested_;
  std::shared_ptr<const std::vector<float>> shown_;  // the layout drawn (count_ x 2), or null
  uint64_t shownTicket_ = 0;
  int shownEpoch_ = -1;
  bool shownFinal_ = false;
  uint64_t generation_ = 0;
  int64_t layoutsShown_ = 0;     // intermediate and final layouts adopted (test report)
  int64_t framesWhileBusy_ = 0;  // frames drawn while a job ran (test report: the frame loop never waited)
};

}  // namespace latentlab
