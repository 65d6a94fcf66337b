#include "train/latents_worker.h"

#include <ATen/CPUGeneratorImpl.h>

#include "util/compute_threads.h"
#include "util/error.h"

namespace latentlab {

namespace {

// Building a model draws its initial weights from the global generator: put its state back, so that a trainer with
// a worker trains bit for bit like one without.
std::unique_ptr<ModelRunner> createWithoutDrawing(const TrainConfig& config) {
  auto generator = at::detail::getDefaultCPUGenerator();
  const auto state = generator.get_state();
  auto model = ModelRunner::create(config, torch::kCPU);
  generator.set_state(state);
  return model;
}

}  // namespace

LatentsWorker::LatentsWorker(const TrainConfig& config, std::shared_ptr<const Dataset> data, ViewInputs inputs,
                             int64_t maxPoints, std::function<void()> finished)
    : config_(config),
      data_(std::move(data)),
      inputs_(std::move(inputs)),
      maxPoints_(maxPoints),
      finished_(std::move(finished)),
      model_(createWithoutDrawing(config)) {
  thread_ = std::thread([this] { threadMain(); });
}

LatentsWorker::~LatentsWorker() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    quit_ = true;
  }
  wake_.notify_all();
  thread_.join();
}

bool LatentsWorker::busy() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return pending_ || working_;
}

void LatentsWorker::encode(ModelRunner& model, int64_t step) {
  if (busy()) throw Error("internal: latent codes handed over while the worker encodes");
  {
    torch::NoGradGuard noGrad;
    auto target = model_->stateTensors();
    const auto source = model.stateTensors();
    if (target.size() != source.size()) throw Error("internal: the latents worker's model differs from the trainer's");
    for (size_t i = 0; i < target.size(); ++i) target[i].copy_(source[i]);
  }
  handedStep_ = step;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    pending_ = true;
    pendingStep_ = step;
  }
  wake_.notify_all();
}

std::shared_ptr<LatentCodes> LatentsWorker::take(Failure& error) {
  std::lock_guard<std::mutex> lock(mutex_);
  error = std::move(error_);
  error_ = {};
  return std::move(result_);
}

void LatentsWorker::threadMain() {
  becomeWorkerThread("ll-latents", 10);  // training and the window come first; the codes can wait
  while (true) {
    int64_t step = 0;
    {
      std::unique_lock<std::mutex> lock(mutex_);
      wake_.wait(lock, [&] { return pending_ || quit_.load(); });
      if (quit_) return;
      pending_ = false;
      working_ = true;
      step = pendingStep_;
    }
    std::shared_ptr<LatentCodes> codes;
    Failure error;
    try {
      codes = computeLatentCodes(*model_, inputs_, *data_, config_, step, maxPoints_, torch::kCPU, &quit_);
    } catch (const std::exception& e) {
      error = failureOf("encoding the data set's latent codes failed", e);
    }
    {
      std::lock_guard<std::mutex> lock(mutex_);
      working_ = false;
      if (codes) result_ = std::move(codes);
      if (!error.empty()) error_ = std::move(error);
    }
    if (quit_) return;
    if (finished_) finished_();
  }
}

}  // namespace latentlab
