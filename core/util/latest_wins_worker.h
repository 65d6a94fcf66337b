#pragma once
// One background thread that runs the newest job only: jobs waiting are replaced, never queued, and with
// Submitted::CancelsRunning a job submitted while another runs cancels that one (its `cancel` flag turns true; the
// work function should return null soon after). Short jobs submitted every frame (a re-render while dragging)
// want Submitted::Waits instead: cancelling them would starve the results. The newest result is shared as an
// immutable object, so the frame loop can poll it every frame without waiting. The thread runs at nice `niceness` on Linux (the frame loop and the trainer come first) and is joined
// on destruction, after cancelling, never detached.
#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>
#include <utility>

#include "util/compute_threads.h"

namespace latentlab {

enum class Submitted { CancelsRunning, Waits };

template <class Job, class Result>
class LatestWinsWorker {
 public:
  // Returns the result, or null when cancelled (nothing is published then).
  using Work = std::function<std::shared_ptr<const Result>(Job& job, const std::atomic<bool>& cancel)>;
  struct Output {
    uint64_t ticket = 0;  // the job it came from (0: no result yet)
    std::shared_ptr<const Result> result;
  };

  // `name`: the thread's, as top and perf show it (at most 15 characters).
  explicit LatestWinsWorker(Work work, Submitted submitted = Submitted::CancelsRunning, int niceness = 10,
                            const char* name = "ll-worker")
      : work_(std::move(work)),
        cancels_(submitted == Submitted::CancelsRunning),
        niceness_(niceness),
        name_(name),
        thread_([this] { run(); }) {}
  ~LatestWinsWorker() {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      quit_ = true;
      cancel_ = true;
    }
    wake_.notify_all();
    thread_.join();
  }
  LatestWinsWorker(const LatestWinsWorker&) = delete;
  LatestWinsWorker& operator=(const LatestWinsWorker&) = delete;

  // Returns the job's ticket (never 0).
  uint64_t submit(Job job) {
    std::lock_guard<std::mutex> lock(mutex_);
    pending_ = std::move(job);
    hasJob_ = true;
    if (cancels_) cancel_ = true;  // the job in progress, if any, is out of date
    wake_.notify_all();
    return pendingTicket_ = ++lastTicket_;
  }
  Output latest() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return latest_;
  }
  bool busy() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return hasJob_ || running_;
  }
  // For tests and shutdown paths: blocks until no job waits or runs.
  void waitIdle() {
    std::unique_lock<std::mutex> lock(mutex_);
    idle_.wait(lock, [&] { return !hasJob_ && !running_; });
  }

 private:
  void run() {
    becomeWorkerThread(name_, niceness_);
    while (true) {
      Job job;
      uint64_t ticket;
      {
        std::unique_lock<std::mutex> lock(mutex_);
        wake_.wait(lock, [&] { return quit_ || hasJob_; });
        if (quit_) return;
        job = std::move(pending_);
        ticket = pendingTicket_;
        hasJob_ = false;
        cancel_ = false;
        running_ = true;
      }
      std::shared_ptr<const Result> result;
      try {
        result = work_(job, cancel_);
      } catch (...) {
        result = nullptr;  // the work function reports its own errors in its result; nothing escapes the thread
      }
      std::lock_guard<std::mutex> lock(mutex_);
      if (result && !(cancels_ && cancel_)) latest_ = Output{ticket, std::move(result)};
      running_ = false;
      if (!hasJob_) idle_.notify_all();
    }
  }

  Work work_;
  bool cancels_;
  int niceness_;
  const char* name_;  // a string literal
  mutable std::mutex mutex_;
  std::condition_variable wake_, idle_;
  bool quit_ = false, hasJob_ = false, running_ = false;
  Job pending_{};
  uint64_t lastTicket_ = 0, pendingTicket_ = 0;
  std::atomic<bool> cancel_{false};
  Output latest_;
  std::thread thread_;  // last: starts once everything it uses exists
};

}  // namespace latentlab
