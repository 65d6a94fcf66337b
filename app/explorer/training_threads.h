#pragma once
// How many threads training computes with while the window is open. The window draws in software on the same cores
// (llvmpipe), so while the user works it (a button held, the wheel turned, a key down, and for a second after) or its
// own workers compute (decodes, UMAP, exports), training leaves it a core, and frames keep their 16.7 ms; while the
// user only watches, training takes every core. Every core only while other processes leave them free: two OpenMP
// threads of which one is preempted wait on each other (docs/performance.md, "Figures behind the code").
#include <cstdint>

struct ImGuiIO;

namespace latentlab {

class TrainingThreads {
 public:
  // `fixed` > 0: the user's --threads, always. Otherwise all `cores` while watched, one fewer (at least 1) while
  // the window is worked or other processes use the cores.
  TrainingThreads(int cores, int fixed);
  // Each frame: the count training should use now. `othersCores`: the CPU other processes used lately, in cores
  // (OtherProcessesCpu); `now` in seconds, from any steady clock.
  int update(bool userWorking, bool windowWorking, double othersCores, double now);
  int whileWatched() const { return watched_; }
  int whileWorked() const { return worked_; }
  int current() const { return current_; }  // the last update's count

 private:
  static constexpr double kHoldSeconds = 1.0;        // a click, then another: no change in between
  static constexpr double kOthersHoldSeconds = 5.0;  // a compiler between two files: still there
  static constexpr double kOthersBusyCores = 0.25;   // an X server or a compositor drawing our frames: less
  int watched_, worked_, current_;
  double lastWork_ = -1e300, lastOthers_ = -1e300;
};

// The CPU that processes other than this one used, in cores, over the last second or so (Linux: /proc/stat and
// /proc/self/stat; 0 elsewhere).
class OtherProcessesCpu {
 public:
  double sample(double now);  // cheap: reads the files once a second

 private:
  double cores_ = 0, lastTime_ = -1;
  uint64_t lastBusy_ = 0, lastOurs_ = 0;
};

// Input this frame that makes frames: a mouse button held, the wheel, a key down or text typed.
bool userIsWorkingTheWindow(const ImGuiIO& io);

}  // namespace latentlab
