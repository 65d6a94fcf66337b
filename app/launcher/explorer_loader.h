#pragma once
// Loads the explorer library (explorer_launch.h) on a thread of its own: dlopen maps LibTorch and its libraries
// and runs their static constructors, about 0.4 s on these machines, while the launcher draws the first frames.
#include <atomic>
#include <mutex>
#include <string>
#include <thread>

#include "explorer_launch.h"

namespace latentlab {

class ExplorerLoader {
 public:
  // Starts loading `path` at once; `delaySeconds` holds the load back that long first (--test-slow-start).
  explicit ExplorerLoader(std::string path, double delaySeconds = 0);
  ~ExplorerLoader();  // waits for the loading thread
  ExplorerLoader(const ExplorerLoader&) = delete;
  ExplorerLoader& operator=(const ExplorerLoader&) = delete;

  bool done() const { return done_.load(std::memory_order_acquire); }
  // Called (on the loading thread) once done, so that a frame loop waiting for events wakes at once; null: no
  // longer. Set only while the callee may be called: glfwPostEmptyEvent from glfwInit until glfwTerminate.
  void wakeWhenDone(void (*wake)());
  // After done(): the explorer's entry point, or null with error() saying why in a line a user can act on.
  ExploreFunction entry() const { return done() ? entry_ : nullptr; }
  const std::string& error() const { return error_; }

  // $LATENTLAB_EXPLORER where set, else liblatentlab_explorer.so beside the executable.
  static std::string defaultPath();

 private:
  void load(double delaySeconds);

  std::string path_;
  ExploreFunction entry_ = nullptr;
  std::string error_;
  std::atomic<bool> done_{false};
  std::mutex wakeMutex_;
  void (*wake_)() = nullptr;
  std::thread thread_;  // last: started once the fields above exist
};

}  // namespace latentlab
