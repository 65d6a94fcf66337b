#include "training_threads.h"

#include <imgui.h>
#include <unistd.h>

#include <algorithm>
#include <fstream>
#include <sstream>
#include <string>

namespace latentlab {

TrainingThreads::TrainingThreads(int cores, int fixed)
    : watched_(fixed > 0 ? fixed : std::max(1, cores)),
      worked_(fixed > 0 ? fixed : std::max(1, cores - 1)),
      current_(worked_) {}

int TrainingThreads::update(bool userWorking, bool windowWorking, double othersCores, double now) {
  if (userWorking || windowWorking) lastWork_ = now;
  if (othersCores > kOthersBusyCores) lastOthers_ = now;
  const bool free = now - lastWork_ >= kHoldSeconds && now - lastOthers_ >= kOthersHoldSeconds;
  current_ = free ? watched_ : worked_;
  return current_;
}

namespace {

// All CPU time spent so far, in clock ticks: the busy columns of /proc/stat's first line (not idle or iowait;
// guest time is already in user).
bool readBusyTicks(uint64_t& busy) {
  std::ifstream stat("/proc/stat");
  std::string cpu;
  uint64_t user = 0, nice = 0, system = 0, idle = 0, iowait = 0, irq = 0, softirq = 0, steal = 0;
  if (!(stat >> cpu >> user >> nice >> system >> idle >> iowait >> irq >> softirq >> steal) || cpu != "cpu")
    return false;
  busy = user + nice + system + irq + softirq + steal;
  return true;
}

// This process's CPU time so far (utime + stime, fields 14 and 15 of /proc/self/stat), in clock ticks.
bool readOurTicks(uint64_t& ours) {
  std::ifstream file("/proc/self/stat");
  std::string line;
  if (!std::getline(file, line)) return false;
  const size_t close = line.rfind(')');  // the command name may hold spaces
  if (close == std::string::npos) return false;
  std::istringstream fields(line.substr(close + 2));
  std::string field;
  uint64_t utime = 0, stime = 0;
  for (int i = 3; i <= 13; ++i) fields >> field;
  if (!(fields >> utime >> stime)) return false;
  ours = utime + stime;
  return true;
}

}  // namespace

double OtherProcessesCpu::sample(double now) {
  if (lastTime_ >= 0 && now - lastTime_ < 1.0) return cores_;
  uint64_t busy = 0, ours = 0;
  if (!readBusyTicks(busy) || !readOurTicks(ours)) return cores_ = 0;
  if (lastTime_ >= 0 && now > lastTime_) {
    const double ticks = double(sysconf(_SC_CLK_TCK));
    const double others = (double(busy - lastBusy_) - double(ours - lastOurs_)) / ticks / (now - lastTime_);
    cores_ = std::max(0.0, others);
  }
  lastTime_ = now;
  lastBusy_ = busy;
  lastOurs_ = ours;
  return cores_;
}

bool userIsWorkingTheWindow(const ImGuiIO& io) {
  if (io.MouseWheel != 0 || io.MouseWheelH != 0 || !io.InputQueueCharacters.empty()) return true;
  for (bool down : io.MouseDown)
    if (down) return true;
  for (bool down : io.KeysDown)
    if (down) return true;
  return false;
}

}  // namespace latentlab
