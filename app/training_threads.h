#pragma once
// How many threads training computes with while the window is open. The window draws in software on the same cores
// (llvmpipe), so while the user works it (a button held, the wheel turned, a key down, and for a second after) or its
// own workers compute (decodes, UMAP, exports), training leaves it a core, and frames keep their 16.7 ms; while the
// user only watches, training takes every core. vae-mlp on 2 cores, the window watched: 90% of headless speed on
// both cores against 67% on one (bench/run, "the window", by phase).
struct ImGuiIO;

namespace latentlab {

class TrainingThreads {
 public:
  // `fixed` > 0: the user's --threads, always. Otherwise all `cores` while watched, one fewer (at least 1) while
  // the window is worked.
  TrainingThreads(int cores, int fixed);
  // Each frame: the count training should use now. `now` in seconds, from any steady clock.
  int update(bool userWorking, bool windowWorking, double now);
  int whileWatched() const { return watched_; }
  int whileWorked() const { return worked_; }
  int current() const { return current_; }  // the last update's count

 private:
  static constexpr double kHoldSeconds = 1.0;  // a click, then another: no change in between
  int watched_, worked_;
  int current_;
  double lastWork_ = -1e300;
};

// Input this frame that makes frames: a mouse button held, the wheel, a key down or text typed.
bool userIsWorkingTheWindow(const ImGuiIO& io);

}  // namespace latentlab
