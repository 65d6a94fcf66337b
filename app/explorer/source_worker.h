#pragma once
// Where sources are made and unmade, off the frame loop: creating a trainer writes its first checkpoint, resuming
// one reads a checkpoint, and closing one stops it within a step, saves and joins; closing a followed run or an
// imported model waits for the load in progress. Any of these can take seconds (docs/architecture.md, "Threads":
// the frame loop never waits on a load or a save). One worker thread does the jobs in the order they were given, so
// a run that is being closed has saved before a job opens it again. Its destructor finishes every job: the program
// never exits before a retired run's final save.
#include <atomic>
#include <condition_variable>
#include <deque>
#include <functional>
#include <future>
#include <memory>
#include <mutex>
#include <thread>

#include "source/source.h"

namespace latentlab {

class SourceWorker {
 public:
  // testDelaySeconds: GUI tests only; every job first waits this long, so a test can watch the window go on
  // drawing while a run is being opened or closed.
  explicit SourceWorker(double testDelaySeconds = 0);
  ~SourceWorker();
  SourceWorker(const SourceWorker&) = delete;
  SourceWorker& operator=(const SourceWorker&) = delete;

  // Takes the source and destroys it on the worker (a live one saves into its run directory).
  void retire(std::unique_ptr<Source> source);
  // Destroys anything else whose destructor may wait (a timeline loader finishing a model load).
  void dispose(std::shared_ptr<void> object);
  // Builds a source with `make` on the worker; one build at a time (false, and nothing done, while one is on).
  bool build(std::function<std::unique_ptr<Source>()> make);

  bool building() const { return built_.valid(); }
  int closing() const { return closing_.load(); }  // sources that save on close, retired but not yet closed
  // The source once built (null while building or when no build was asked); rethrows what `make` threw.
  std::unique_ptr<Source> takeBuilt();
  // Waits for the build on (at exit) and returns it, as takeBuilt does.
  std::unique_ptr<Source> waitBuilt();

 private:
  void post(std::function<void()> job);
  void run();

  const double testDelaySeconds_;
  std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<std::function<void()>> jobs_;
  bool quit_ = false;
  std::atomic<int> closing_{0};
  std::future<std::unique_ptr<Source>> built_;
  std::thread thread_;  // last: starts once everything it uses exists
};

}  // namespace latentlab
