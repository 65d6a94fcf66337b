#include "timeline_view.h"

#include "run/timeline.h"

namespace latentlab {

TimelineView::~TimelineView() { worker_.dispose(std::shared_ptr<ModelLoader>(std::move(loader_))); }

void TimelineView::show(std::optional<int64_t> step) {
  if (step == step_) return;
  step_ = step;
  request_ = 0;  // the model shown stays until the new one is there
  if (!step) {
    model_.reset();
    ++generation_;
  }
}

void TimelineView::goLive() {
  step_.reset();
  request_ = 0;
  model_.reset();
}

std::shared_ptr<const Snapshot> TimelineView::apply(std::shared_ptr<const Snapshot> newest,
                                                    const std::shared_ptr<const Dataset>& data, int64_t run,
                                                    Failure& failure) {
  if (!step_ || !newest || newest->runDir.empty()) return newest;
  const std::string loaderRun = newest->runDir + "#" + std::to_string(run);
  if (!loader_ || loaderRun_ != loaderRun) {
    worker_.dispose(std::shared_ptr<ModelLoader>(std::move(loader_)));
    loader_ = std::make_unique<ModelLoader>(newest->config, data);
    loaderRun_ = loaderRun;
    request_ = 0;
  }
  if (request_ == 0) request_ = loader_->request(timelineFile(newest->runDir, *step_), true);
  const auto loaded = loader_->latest();
  if (loaded && loaded->request == request_) {
    if (!loaded->error.empty()) {
      // Thinned away by a live writer, or damaged: show the nearest step that is still there.
      request_ = 0;
      std::optional<int64_t> nearest;
      for (int64_t step : newest->timeline)
        if (step <= *step_) nearest = step;
      if (!nearest || *nearest == *step_) {
        failure = {"cannot show step " + std::to_string(*step_), loaded->error.why, loaded->error.todo};
        step_.reset();
        model_.reset();
        ++generation_;
        return newest;
      }
      step_ = nearest;
      return newest;
    }
    if (loaded != model_) ++generation_;
    model_ = loaded;
  }
  if (!model_) return newest;
  auto shown = std::make_shared<Snapshot>(*newest);
  showModel(*shown, model_->view);
  if (model_->latents) shown->latents = model_->latents;
  return shown;
}

}  // namespace latentlab
