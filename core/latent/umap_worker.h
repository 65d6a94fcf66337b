#pragma once
// Runs UMAP (latent/umap.h) on its own thread so that the frame loop never waits on it: the window asks and polls.
// One job at a time; a new request cancels the job in progress (latest wins). The latest layout, intermediate or
// final, is shared under a mutex as an immutable vector, so a view refines while the job runs. The thread is
// joined on destruction (after cancelling), never detached.
#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "latent/umap.h"
#include "util/failure.h"

namespace latentlab {

class UmapWorker {
 public:
  enum class State { Idle, Neighbours, Layout, Done, Failed };
  struct Status {
    uint64_t ticket = 0;  // the request it is about (0: none yet)
    State state = State::Idle;
    int epoch = 0, epochs = 0;
    Failure error;         // Failed: why
    double seconds = 0;    // how long the last job that ran to the end took
    int64_t finished = 0;  // jobs that ran to the end since the worker started
  };
  struct Layout {
    uint64_t ticket = 0;  // 0: no layout yet
    int epoch = 0, epochs = 0;
    bool final = false;
    std::shared_ptr<const std::vector<float>> points;  // count x 2, row-major
  };

  UmapWorker();
  ~UmapWorker();  // cancels the job in progress, joins
  UmapWorker(const UmapWorker&) = delete;
  UmapWorker& operator=(const UmapWorker&) = delete;

  // Lays out count x dims codes; `start` (count x 2 or empty) as in umapLayout. Returns the ticket (never 0).
  uint64_t request(std::vector<float> codes, int64_t count, int dims, UmapOptions options,
                   std::vector<float> start = {});
  void cancel();  // cancels the job in progress and any waiting one
  Status status() const;
  Layout latest() const;  // the newest layout of the newest request that has one
  bool busy() const;      // a job is waiting or running

 private:
  struct Job {
    uint64_t ticket = 0;
    std::vector<float> codes;
    int64_t count = 0;
    int dims = 0;
    UmapOptions options;
    std::vector<float> start;
  };
  void run();
  void work(Job& job);

  mutable std::mutex mutex_;
  std::condition_variable wake_;
  bool quit_ = false;
  bool hasJob_ = false;
  Job pending_;
  uint64_t lastTicket_ = 0;
  bool running_ = false;
  std::atomic<bool> cancel_{false};
  Status status_;
  Layout latest_;
  std::thread thread_;  // last: starts once everything it uses exists
};

}  // namespace latentlab
