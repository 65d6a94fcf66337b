#include "frame_log.h"

#include <chrono>
#include <cstdlib>

namespace latentlab {

FrameLog::FrameLog() {
  if (const char* path = std::getenv("LATENTLAB_FRAME_LOG"); path && *path) file_ = std::fopen(path, "w");
}

FrameLog::~FrameLog() {
  if (file_) std::fclose(file_);
}

void FrameLog::write(double frameMs, double scatterMs, long long step, bool hasRun, double slider0, size_t imageHash,
                     const std::vector<std::pair<std::string, double>>& parts) {
  if (!file_) return;
  const double now = std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count();
  std::fprintf(file_, "%.4f %.3f %.3f %lld %d %.5f %zx", now, frameMs, scatterMs, step, hasRun ? 1 : 0, slider0,
               imageHash);
  for (const auto& [name, ms] : parts) {
    std::string key = name;
    for (char& c : key) c = c == ' ' ? '_' : c;
    std::fprintf(file_, " %s=%.2f", key.c_str(), ms);
  }
  std::fputc('\n', file_);
  std::fflush(file_);  // bench/run reads it while the window runs
}

}  // namespace latentlab
