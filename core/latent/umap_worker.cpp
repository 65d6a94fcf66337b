#include "latent/umap_worker.h"

#include "util/compute_threads.h"

#include <chrono>

namespace latentlab {

namespace {
constexpr int kPublishMs = 1500;
}  // namespace

UmapWorker::UmapWorker() : thread_([this] { run(); }) {}

UmapWorker::~UmapWorker() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    quit_ = true;
    cancel_ = true;
  }
  wake_.notify_all();
  thread_.join();
}

uint64_t UmapWorker::request(std::vector<float> codes, int64_t count, int dims, UmapOptions options,
                             std::vector<float> start) {
  std::lock_guard<std::mutex> lock(mutex_);
  pending_ = Job{++lastTicket_, std::move(codes), count, dims, options, std::move(start)};
  hasJob_ = true;
  cancel_ = true;  // the job in progress, if any, is out of date
  wake_.notify_all();
  return lastTicket_;
}

void UmapWorker::cancel() {
  std::lock_guard<std::mutex> lock(mutex_);
  hasJob_ = false;
  pending_ = Job();
  cancel_ = true;
}

UmapWorker::Status UmapWorker::status() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return status_;
}

UmapWorker::Layout UmapWorker::latest() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return latest_;
}

bool UmapWorker::busy() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return hasJob_ || running_;
}

void UmapWorker::run() {
  // A background job: the frame loop and the trainer come first (on Linux, nice applies to one thread).
  becomeWorkerThread("ll-umap", 10);
  while (true) {
    Job job;
    {
      std::unique_lock<std::mutex> lock(mutex_);
      wake_.wait(lock, [&] { return quit_ || hasJob_; });
      if (quit_) return;
      job = std::move(pending_);
      hasJob_ = false;
      cancel_ = false;
      running_ = true;
      status_ = Status{job.ticket, State::Neighbours, 0, 0, Failure{}, status_.seconds, status_.finished};
    }
    work(job);
    std::lock_guard<std::mutex> lock(mutex_);
    running_ = false;
    // Cancelled with nothing after it: say so, rather than leave the job's last phase showing.
    const bool unfinished = status_.state == State::Neighbours || status_.state == State::Layout;
    if (!hasJob_ && unfinished && status_.ticket == job.ticket) status_.state = State::Idle;
  }
}

void UmapWorker::work(Job& job) {
  const auto began = std::chrono::steady_clock::now();
  auto published = began;
  auto observe = [&](UmapPhase phase, int epoch, int epochs, const std::vector<float>* layout) {
    // An intermediate layout at most every 1.5 s: each costs the window a re-render of all the points and a redraw
    // of the scatter, which the frames of a training window feel.
    const auto now = std::chrono::steady_clock::now();
    if (layout && phase != UmapPhase::Done && now - published < std::chrono::milliseconds(kPublishMs)) layout = nullptr;
    if (layout) published = now;
    // Copied outside the lock: the frame loop may be reading the status meanwhile.
    auto points = layout ? std::make_shared<const std::vector<float>>(*layout) : nullptr;
    std::lock_guard<std::mutex> lock(mutex_);
    if (cancel_) return;  // out of date: publish nothing more
    status_.state = phase == UmapPhase::Neighbours ? State::Neighbours : State::Layout;
    status_.epoch = epoch;
    status_.epochs = epochs;
    if (points) latest_ = Layout{job.ticket, epoch, epochs, phase == UmapPhase::Done, std::move(points)};
  };
  try {
    const auto layout = umapLayout(job.codes, job.count, job.dims, job.options, cancel_, observe,
                                   job.start.empty() ? nullptr : &job.start);
    std::lock_guard<std::mutex> lock(mutex_);
    if (!layout || cancel_) return;  // cancelled: the status belongs to the next request, if any
    status_.state = State::Done;
    status_.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - began).count();
    ++status_.finished;
  } catch (const std::exception& e) {
    std::lock_guard<std::mutex> lock(mutex_);
    if (cancel_) return;
    status_.state = State::Failed;
    status_.error = failureOf("the UMAP layout failed", e);
  }
}

}  // namespace latentlab
