#include "source_worker.h"

#include <chrono>

#include "util/compute_threads.h"
#include "util/memory.h"

namespace latentlab {

SourceWorker::SourceWorker(double testDelaySeconds) : testDelaySeconds_(testDelaySeconds), thread_([this] { run(); }) {}

SourceWorker::~SourceWorker() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    quit_ = true;
  }
  wake_.notify_one();
  thread_.join();  // after the jobs still queued: every retired trainer has saved
  // A build nobody took (an exit while it ran): its trainer is destroyed here, and so saves too.
}

void SourceWorker::post(std::function<void()> job) {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    jobs_.push_back(std::move(job));
  }
  wake_.notify_one();
}

void SourceWorker::run() {
  becomeWorkerThread("ll-runs");
  while (true) {
    std::function<void()> job;
    {
      std::unique_lock<std::mutex> lock(mutex_);
      wake_.wait(lock, [&] { return quit_ || !jobs_.empty(); });
      if (jobs_.empty()) return;  // quit, with nothing left to do
      job = std::move(jobs_.front());
      jobs_.pop_front();
    }
    if (testDelaySeconds_ > 0) std::this_thread::sleep_for(std::chrono::duration<double>(testDelaySeconds_));
    job();
  }
}

void SourceWorker::retire(std::unique_ptr<Source> source) {
  if (!source) return;
  const bool saves = source->savesOnClose();
  if (saves) ++closing_;
  // std::function needs a copyable callable: the source travels in a shared_ptr, destroyed by the job.
  post([this, saves, owned = std::shared_ptr<Source>(std::move(source))]() mutable {
    owned.reset();  // a trainer stops within a step, saves, joins
    releaseFreedMemory();
    if (saves) --closing_;
  });
}

void SourceWorker::dispose(std::shared_ptr<void> object) {
  if (object)
    post([owned = std::move(object)]() mutable {
      owned.reset();
      releaseFreedMemory();
    });
}

bool SourceWorker::build(std::function<std::unique_ptr<Source>()> make) {
  if (building()) return false;
  auto task = std::make_shared<std::packaged_task<std::unique_ptr<Source>()>>(std::move(make));
  built_ = task->get_future();
  post([task] { (*task)(); });
  return true;
}

std::unique_ptr<Source> SourceWorker::takeBuilt() {
  if (!built_.valid() || built_.wait_for(std::chrono::seconds(0)) != std::future_status::ready) return nullptr;
  return built_.get();
}

std::unique_ptr<Source> SourceWorker::waitBuilt() {
  if (!built_.valid()) return nullptr;
  return built_.get();
}

}  // namespace latentlab
