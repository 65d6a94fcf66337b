// The explorer's model timeline (timeline_view.h holds the step shown and its model), and "one code across
// training": the sliders' code decoded by every model of the timeline.

#include "explorer.h"
#include "run/run_directory.h"
#include "latent/latent_decoder.h"
#include "run/timeline.h"
#include "util/error.h"

namespace latentlab {

void Explorer::showTimelineStep(std::optional<int64_t> step) {
  if (step && !abilities().timeline) return;
  timeline_.show(step);
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
