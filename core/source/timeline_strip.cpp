#include "source/timeline_strip.h"

#include "latent/latent_decoder.h"
#include "run/timeline.h"
#include "run/checkpoint.h"
#include "runner/model_runner.h"
#include "util/error.h"

namespace latentlab {

TimelineStrip decodeAcrossTimeline(const std::filesystem::path& runDir, const TrainConfig& config,
                                   const std::vector<float>& code) {
  if (int(code.size()) != config.model.latent)
    throw Error("the code has " + std::to_string(code.size()) + " values but the model's latent size is " +
                std::to_string(config.model.latent));
  const auto entries = listTimeline(runDir);
  if (entries.empty()) throw Error("the run '" + runDir.string() + "' has no model timeline yet");
  torch::NoGradGuard noGrad;
  auto model = ModelRunner::create(config, torch::kCPU);
  TimelineStrip strip;
  for (const auto& entry : entries) {
    try {
      loadWeightsFile(entry.file, *model, config);
    } catch (const Error&) {
      if (!std::filesystem::exists(entry.file)) continue;  // thinned away while we read
      throw;
    }
    LatentDecoder decoder;
    decoder.setWeights(model->decoderCopy());
    strip.steps.push_back(entry.step);
    strip.images.push_back(decoder.decodeOne(code));
  }
  return strip;
}

}  // namespace latentlab
