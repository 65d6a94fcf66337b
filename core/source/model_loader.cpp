#include "source/model_loader.h"

#include <condition_variable>
#include <mutex>
#include <thread>

#include "run/checkpoint.h"
#include "runner/model_runner.h"
#include "runner/model_views.h"
#include "util/compute_threads.h"

namespace latentlab {

struct ModelLoader::Impl {
  TrainConfig config;
  std::shared_ptr<const Dataset> data;
  int64_t maxLatentPoints = 0;

  mutable std::mutex mutex;
  std::condition_variable wake;
  bool quit = false, working = false;
  std::filesystem::path wanted;
  bool wantedLatents = false;
  uint64_t requested = 0, started = 0;
  std::shared_ptr<const LoadedModel> result;
  std::thread thread;

  void run() {
    becomeWorkerThread("ll-modelload");
    torch::NoGradGuard noGrad;  // thread-local: this worker only ever evaluates
    std::unique_ptr<ModelRunner> model;
    ViewInputs inputs;
    while (true) {
      std::filesystem::path file;
      bool latents = false;
      uint64_t number = 0;
      {
        std::unique_lock<std::mutex> lock(mutex);
        wake.wait(lock, [&] { return quit || requested != started; });
        if (quit) return;
        file = wanted;
        latents = wantedLatents;
        number = started = requested;
        working = true;
      }
      auto loaded = std::make_shared<LoadedModel>();
      loaded->file = file;
      loaded->request = number;
      try {
        if (!model) {
          model = ModelRunner::create(config, torch::kCPU);
          if (data) inputs = makeViewInputs(config, *data, torch::kCPU, maxLatentPoints);
        }
        loaded->step = loadWeightsFile(file, *model, config);
        if (data) {
          loaded->view = computeModelView(*model, inputs, loaded->step);
          if (latents) {
            auto codes = computeLatentCodes(*model, inputs, *data, config, loaded->step, maxLatentPoints, torch::kCPU);
            codes->version = int64_t(1) << 40 | int64_t(number);  // apart from a trainer's 1, 2, 3...
            loaded->latents = std::move(codes);
          }
        } else {
          loaded->view.step = loaded->step;
          loaded->view.decoder = model->decoderCopy();
        }
      } catch (const std::exception& e) {
        loaded->error = failureOf("", e);
      }
      std::lock_guard<std::mutex> lock(mutex);
      result = std::move(loaded);
      working = false;
    }
  }
};

ModelLoader::ModelLoader(const TrainConfig& config, std::shared_ptr<const Dataset> data, int64_t maxLatentPoints)
    : impl_(std::make_unique<Impl>()) {
  impl_->config = config;
  impl_->data = std::move(data);
  impl_->maxLatentPoints = maxLatentPoints;
  impl_->thread = std::thread([impl = impl_.get()] { impl->run(); });
}

ModelLoader::~ModelLoader() {
  {
    std::lock_guard<std::mutex> lock(impl_->mutex);
    impl_->quit = true;
  }
  impl_->wake.notify_all();
  impl_->thread.join();
}

uint64_t ModelLoader::request(const std::filesystem::path& file, bool withLatents) {
  std::lock_guard<std::mutex> lock(impl_->mutex);
  impl_->wanted = file;
  impl_->wantedLatents = withLatents;
  const uint64_t number = ++impl_->requested;
  impl_->wake.notify_all();
  return number;
}

std::shared_ptr<const LoadedModel> ModelLoader::latest() const {
  std::lock_guard<std::mutex> lock(impl_->mutex);
  return impl_->result;
}

bool ModelLoader::busy() const {
  std::lock_guard<std::mutex> lock(impl_->mutex);
  return impl_->working || impl_->requested != impl_->started;
}

}  // namespace latentlab
