#include "run/saved_run.h"

#include <ATen/CPUGeneratorImpl.h>
#include <nlohmann/json.hpp>

#include "data/dataset.h"
#include "import/script_export.h"
#include "run/run_directory.h"
#include "run/timeline.h"
#include "run/checkpoint.h"
#include "runner/model_runner.h"
#include "util/error.h"

namespace latentlab {

struct SavedRun::Impl {
  TrainConfig config;
  int64_t step = 0;
  std::unique_ptr<ModelRunner> model;
  std::shared_ptr<const DecoderWeights> decoder;
};

SavedRun::SavedRun() : impl_(std::make_unique<Impl>()) {}
SavedRun::~SavedRun() = default;
SavedRun::SavedRun(SavedRun&&) noexcept = default;
SavedRun& SavedRun::operator=(SavedRun&&) noexcept = default;

SavedRun SavedRun::open(const std::filesystem::path& dir, std::optional<int64_t> step) {
  const RunDirectory run = RunDirectory::open(dir);
  SavedRun saved;
  saved.impl_->config = trainConfigFromJson(run.readConfig());
  saved.impl_->model = ModelRunner::create(saved.impl_->config, torch::kCPU);
  auto noise = at::detail::createCPUGenerator(0);
  if (step && *step < 0) throw Error("--step must be 0 or more");
  std::filesystem::path file = run.file(kCheckpointFile);
  if (step) {
    // The checkpoint when it is not newer than `step`, else the timeline's snapshot at or before it.
    int64_t checkpointStep = -1;
    try {
      checkpointStep = loadWeightsFile(file, *saved.impl_->model, saved.impl_->config);
    } catch (const Error&) {}
    if (checkpointStep < 0 || checkpointStep > *step) file = timelineAtOrBefore(run.root(), *step).file;
    saved.impl_->step = loadWeightsFile(file, *saved.impl_->model, saved.impl_->config);
  } else {
    saved.impl_->step = loadCheckpoint(run, *saved.impl_->model, saved.impl_->config, noise).step;
  }
  saved.impl_->decoder = saved.impl_->model->decoderCopy();
  return saved;
}

const TrainConfig& SavedRun::config() const { return impl_->config; }
int64_t SavedRun::step() const { return impl_->step; }
std::shared_ptr<const DecoderWeights> SavedRun::decoder() const { return impl_->decoder; }

std::string SavedRun::torchScript() const { return torchScriptBytes(impl_->config.model, impl_->model->networks()); }

std::vector<float> SavedRun::encode(const Dataset& data, bool testSplit, const std::vector<int64_t>& indices) const {
  const auto& m = impl_->config.model;
  if (isGan(m.kind)) throw Error(std::string("a ") + modelKindName(m.kind) + " has no encoder: use a VAE run");
  if (data.channels() != m.channels || data.height() != m.height || data.width() != m.width)
    throw Error("the run's model takes " + std::to_string(m.channels) + "x" + std::to_string(m.height) + "x" +
                std::to_string(m.width) + " images, but '" + data.spec + "' has " + std::to_string(data.channels()) +
                "x" + std::to_string(data.height()) + "x" + std::to_string(data.width()));
  return encodeImages(testSplit ? data.test : data.train, testSplit ? "test" : "train", indices, m.latent, 2048,
                      [&](const torch::Tensor& batch) { return impl_->model->encodeMeans(batch); });
}

}  // namespace latentlab
