#include "export_queue.h"

#include <chrono>
#include <exception>
#include <utility>

#include "util/compute_threads.h"

namespace latentlab {

ExportQueue::ExportQueue(double testDelaySeconds) : testDelaySeconds_(testDelaySeconds), thread_([this] { run(); }) {}

ExportQueue::~ExportQueue() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    quit_ = true;
  }
  wake_.notify_one();
  thread_.join();  // after the queued jobs: an export asked for before closing is written
}

void ExportQueue::post(Job job) {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    jobs_.push_back(std::move(job));
  }
  wake_.notify_one();
}

std::vector<ExportQueue::Done> ExportQueue::collect() {
  std::lock_guard<std::mutex> lock(mutex_);
  return std::exchange(done_, {});
}

bool ExportQueue::busy() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return running_ > 0 || !jobs_.empty();
}

void ExportQueue::run() {
  becomeWorkerThread("ll-export");
  std::unique_lock<std::mutex> lock(mutex_);
  while (true) {
    wake_.wait(lock, [&] { return quit_ || !jobs_.empty(); });
    if (jobs_.empty()) return;  // quit, with nothing left to do
    Job job = std::move(jobs_.front());
    jobs_.pop_front();
    ++running_;
    lock.unlock();
    if (testDelaySeconds_ > 0) std::this_thread::sleep_for(std::chrono::duration<double>(testDelaySeconds_));
    Done done;
    try {
      done = {true, job()};
    } catch (const std::exception& e) {
      done = {false, e.what()};
    }
    lock.lock();
    --running_;
    done_.push_back(std::move(done));
  }
}

}  // namespace latentlab
