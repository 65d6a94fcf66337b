// The explorer's model timeline: any step of the open run's timeline replaces, in what the views read, the model
// of the source's newest snapshot; "Live" (no step) goes back to the newest. The model is loaded on a ModelLoader
// worker; until it is there the views keep the model they show and the timeline panel says it is loading.

#include "explorer.h"
#include "run/run_directory.h"
#include "latent/latent_decoder.h"
#include "run/timeline.h"
#include "util/error.h"

namespace latentlab {

void Explorer::showTimelineStep(std::optional<int64_t> step) {
  if (step == timelineStep_ || (step && !abilities().timeline)) return;
  timelineStep_ = step;
  timelineRequest_ = 0;  // the model shown stays until the new one is there
  if (!step) {
    timelineModel_.reset();
    ++timelineGeneration_;
  }
}

bool Explorer::timelineLoading() const {
  return timelineStep_ && (!timelineModel_ || timelineModel_->step != *timelineStep_);
}

void Explorer::applyTimeline() {
  if (!timelineStep_ || !snapshot_ || !abilities().timeline || snapshot_->runDir.empty()) return;
  const std::string loaderRun = snapshot_->runDir + "#" + std::to_string(runGeneration_);
  if (!timelineLoader_ || timelineLoaderRun_ != loaderRun) {
    // A loader per run: it keeps the run's model and fixed view images between steps.
    worker_.dispose(std::shared_ptr<ModelLoader>(std::move(timelineLoader_)));
    timelineLoader_ = std::make_unique<ModelLoader>(snapshot_->config, data_);
    timelineLoaderRun_ = loaderRun;
    timelineRequest_ = 0;
  }
  if (timelineRequest_ == 0) {
    timelineRequest_ = timelineLoader_->request(timelineFile(snapshot_->runDir, *timelineStep_), true);
  }
  const auto loaded = timelineLoader_->latest();
  if (loaded && loaded->request == timelineRequest_) {
    if (!loaded->error.empty()) {
      // Thinned away by a live writer, or damaged: show the nearest step that is still there.
      timelineRequest_ = 0;
      std::optional<int64_t> nearest;
      for (int64_t step : snapshot_->timeline)
        if (step <= *timelineStep_) nearest = step;
      if (!nearest || *nearest == *timelineStep_) {
        status_.fail({"cannot show step " + std::to_string(*timelineStep_), loaded->error.why, loaded->error.todo});
        timelineStep_.reset();
        ++timelineGeneration_;
        return;
      }
      timelineStep_ = nearest;
      return;
    }
    if (loaded != timelineModel_) ++timelineGeneration_;
    timelineModel_ = loaded;
  }
  if (!timelineModel_) return;
  auto shown = std::make_shared<Snapshot>(*snapshot_);
  showModel(*shown, timelineModel_->view);
  if (timelineModel_->latents) shown->latents = timelineModel_->latents;
  snapshot_ = std::move(shown);
}

void Explorer::exportTimelineStrip() {
  if (strip_.valid()) return;
  if (!snapshot_ || snapshot_->runDir.empty() || snapshot_->timeline.empty()) {
    status_.fail("this run has no model timeline yet");
    return;
  }
  if (codes_.dims() != snapshot_->config.model.latent) return;
  status_.say("decoding the code with " + std::to_string(snapshot_->timeline.size()) + " models of the timeline...");
  strip_ = std::async(std::launch::async, [dir = snapshot_->runDir, config = snapshot_->config, code = decodedCode()] {
    return decodeAcrossTimeline(dir, config, code);
  });
}

void Explorer::finishStrip() {
  if (!strip_.valid() || strip_.wait_for(std::chrono::seconds(0)) != std::future_status::ready) return;
  try {
    const TimelineStrip strip = strip_.get();
    exportImage("code-across-training", makeGrid(strip.images, int(strip.images.size())));
  } catch (const std::exception& e) {
    status_.fail(std::string("export failed: ") + e.what());
  }
}

}  // namespace latentlab
