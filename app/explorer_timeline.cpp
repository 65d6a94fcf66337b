// The explorer's model timeline: any step of the open run's timeline replaces, in what the views read, the model
// of the source's newest snapshot; "Live" (no step) goes back to the newest. The model is loaded on a ModelLoader
// worker; until it is there the views keep the model they show and the timeline panel says it is loading.
#include <imgui.h>

#include "explorer.h"
#include "io/run_directory.h"
#include "latent/latent_decoder.h"
#include "run/timeline.h"
#include "util/error.h"

namespace latentlab {

void Explorer::showTimelineStep(std::optional<int64_t> step) {
  if (step == timelineStep_) return;
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
  if (!timelineStep_ || !snapshot || snapshot->runDir.empty()) return;
  const std::string loaderRun = snapshot->runDir + "#" + std::to_string(runGeneration_);
  if (!timelineLoader_ || timelineLoaderRun_ != loaderRun) {
    // A loader per run: it keeps the run's model and fixed view images between steps.
    worker_.dispose(std::shared_ptr<ModelLoader>(std::move(timelineLoader_)));
    timelineLoader_ = std::make_unique<ModelLoader>(snapshot->config, data);
    timelineLoaderRun_ = loaderRun;
    timelineRequest_ = 0;
  }
  if (timelineRequest_ == 0) {
    timelineRequest_ = timelineLoader_->request(timelineFile(snapshot->runDir, *timelineStep_), true);
  }
  const auto loaded = timelineLoader_->latest();
  if (loaded && loaded->request == timelineRequest_) {
    if (!loaded->error.empty()) {
      // Thinned away by a live writer, or damaged: show the nearest step that is still there.
      timelineRequest_ = 0;
      std::optional<int64_t> nearest;
      for (int64_t step : snapshot->timeline)
        if (step <= *timelineStep_) nearest = step;
      if (!nearest || *nearest == *timelineStep_) {
        fail("cannot show step " + std::to_string(*timelineStep_) + ": " + loaded->error);
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
  auto shown = std::make_shared<Snapshot>(*snapshot);
  showModel(*shown, timelineModel_->view);
  if (timelineModel_->latents) shown->latents = timelineModel_->latents;
  snapshot = std::move(shown);
}

void Explorer::exportTimelineStrip() {
  if (strip_.valid()) return;
  if (!snapshot || snapshot->runDir.empty() || snapshot->timeline.empty()) {
    fail("this run has no model timeline yet");
    return;
  }
  if (int(code.size()) != snapshot->config.model.latent) return;
  report("decoding the code with " + std::to_string(snapshot->timeline.size()) + " models of the timeline...");
  strip_ = std::async(std::launch::async, [dir = snapshot->runDir, config = snapshot->config, code = decodedCode()] {
    return decodeAcrossTimeline(dir, config, code);
  });
}

void Explorer::finishStrip() {
  if (!strip_.valid() || strip_.wait_for(std::chrono::seconds(0)) != std::future_status::ready) return;
  try {
    const TimelineStrip strip = strip_.get();
    exportImage("code-across-training", makeGrid(strip.images, int(strip.images.size())));
  } catch (const std::exception& e) {
    fail(std::string("export failed: ") + e.what());
  }
}

}  // namespace latentlab
