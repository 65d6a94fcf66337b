#pragma once
// "One code across training": a latent code decoded by every model of a run's timeline, oldest first.
#include <cstdint>
#include <filesystem>
#include <vector>

#include "io/image.h"
#include "models/model_config.h"

namespace latentlab {

struct TimelineStrip {
  std::vector<int64_t> steps;
  std::vector<Image> images;  // one per step
};

// Loads each timeline snapshot in turn (on the caller's thread: run it on a worker). Snapshots that vanish while
// reading (thinned by a live writer) are skipped. Throws latentlab::Error when the run has no timeline.
TimelineStrip decodeAcrossTimeline(const std::filesystem::path& runDir, const TrainConfig& config,
                                   const std::vector<float>& code);

}  // namespace latentlab
