#pragma once
// Writes exports off the frame loop: encoding a PNG or a CSV of 70,000 latent codes and syncing it to disk took up to
// 300 ms inside a frame (scripts/soak's slow frames). One thread does the jobs in the order given, so two exports
// never race for a file name; the frame collects what finished. Its destructor finishes every queued export.
#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace latentlab {

class ExportQueue {
 public:
  struct Done {
    bool ok = false;
    std::string text;  // the path written, or why nothing was
  };
  // A job writes one export and returns its path; what it throws becomes a Done with ok false.
  using Job = std::function<std::string()>;

  // testDelaySeconds: GUI tests only; every export first waits this long, to check the window draws meanwhile.
  explicit ExportQueue(double testDelaySeconds = 0);
  ~ExportQueue();
  ExportQueue(const ExportQueue&) = delete;
  ExportQueue& operator=(const ExportQueue&) = delete;

  void post(Job job);
  std::vector<Done> collect();  // what finished since the last call, in order
  bool busy() const;            // jobs queued or running

 private:
  void run();
  mutable std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<Job> jobs_;
  std::vector<Done> done_;
  int running_ = 0;
  bool quit_ = false;
  double testDelaySeconds_ = 0;
  std::thread thread_;  // last: starts once the members above exist
};

}  // namespace latentlab
