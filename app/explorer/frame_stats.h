#pragma once
// Frame times of the last few hundred frames (the work of a frame: from the end of the event wait to after the
// buffer swap), for the test report and the follow benchmark: median, 95th percentile and maximum.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <string>
#include <vector>

namespace latentlab {

class FrameStats {
 public:
  void begin() {
    start_ = lap_ = std::chrono::steady_clock::now();
    parts_.clear();
  }
  // Ends the part of the frame called `name` (a panel, the render, the swap): a slow frame says which part was.
  void lap(const char* name) {
    const auto now = std::chrono::steady_clock::now();
    parts_.emplace_back(name, std::chrono::duration<double, std::milli>(now - lap_).count());
    lap_ = now;
  }
  void end() {
    const double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start_).count();
    last_ = ms;
    worst_ = std::max(worst_, ms);
    if (ms >= kSlowMs) {
      ++slow_;
      std::string parts;
      for (const auto& [name, partMs] : parts_)
        if (partMs >= 1) parts += (parts.empty() ? "" : ", ") + name + " " + std::to_string(int(partMs));
      std::fprintf(stderr, "latentlab: slow frame: %.0f ms (%s)\n", ms, parts.c_str());
    }
    if (times_.size() < kKept) times_.push_back(ms);
    else times_[next_++ % kKept] = ms;
  }
  static constexpr double kSlowMs = 250;  // a frame a person sees as a stall
  double worstMs() const { return worst_; }
  double lastMs() const { return last_; }  // the frame that ended last
  // The last frame's part called `name` (bench/run's scatter render time); 0 when it had none.
  double partMs(const std::string& name) const {
    for (const auto& [part, ms] : parts_)
      if (part == name) return ms;
    return 0;
  }  // over every frame since the start
  const std::vector<std::pair<std::string, double>>& parts() const { return parts_; }  // the last frame's
  long slowFrames() const { return slow_; }  // frames of kSlowMs or more since the start
  // q in [0, 1] over the last frames kept; 0 when no frame was timed yet.
  double quantileMs(double q) const {
    if (times_.empty()) return 0;
    std::vector<double> sorted = times_;
    const size_t at = std::min(sorted.size() - 1, size_t(q * double(sorted.size() - 1) + 0.5));
    std::nth_element(sorted.begin(), sorted.begin() + long(at), sorted.end());
    return sorted[at];
  }

 private:
  static constexpr size_t kKept = 600;
  std::chrono::steady_clock::time_point start_, lap_;
  std::vector<std::pair<std::string, double>> parts_;
  std::vector<double> times_;
  size_t next_ = 0;
  double worst_ = 0, last_ = 0;
  long slow_ = 0;
};

}  // namespace latentlab
