#pragma once
// The model timeline as the views see it: a step of the source's run replaces, in the snapshot the views read, the
// model of the source's newest snapshot; "Live" (no step) goes back to the newest. The step's model is loaded on a
// ModelLoader worker (one per run, which keeps the run's model and fixed view images between steps); until it is
// there the views keep the model they show. No display needed.
#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "data/dataset.h"
#include "snapshot/snapshot.h"
#include "source/model_loader.h"
#include "source_worker.h"
#include "util/failure.h"

namespace latentlab {

class TimelineView {
 public:
  explicit TimelineView(SourceWorker& worker) : worker_(worker) {}  // loaders are closed on the worker
  ~TimelineView();
  TimelineView(const TimelineView&) = delete;
  TimelineView& operator=(const TimelineView&) = delete;

  std::optional<int64_t> step() const { return step_; }  // nullopt: the newest model ("Live")
  void show(std::optional<int64_t> step);
  void goLive();  // a new source: its newest model
  bool loading() const { return step_ && (!model_ || model_->step != *step_); }
  int64_t generation() const { return generation_; }  // changes whenever the model shown is replaced

  // The snapshot the views show: `newest` with the chosen step's model in its place, once loaded. A step whose
  // file has gone (a live writer thins its timeline) is shown as the nearest earlier step; with none, the views go
  // live and `failure` says why. `run` tells runs apart when a directory is opened again.
  std::shared_ptr<const Snapshot> apply(std::shared_ptr<const Snapshot> newest,
                                        const std::shared_ptr<const Dataset>& data, int64_t run, Failure& failure);

 private:
  SourceWorker& worker_;
  std::optional<int64_t> step_;
  int64_t generation_ = 0;
  std::unique_ptr<ModelLoader> loader_;
  std::string loaderRun_;  // the run directory and generation the loader was made for
  uint64_t request_ = 0;
  std::shared_ptr<const LoadedModel> model_;
};

}  // namespace latentlab
