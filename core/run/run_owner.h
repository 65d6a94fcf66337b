#pragma once
// The owner record of a run directory (owner.json): who writes the run, and a heartbeat every few seconds. One
// writer at a time: a second trainer is refused while the owner's heartbeat is fresh; an owner whose heartbeat
// stopped (or whose process is gone, on this host) can be taken over, and the taker is told so. Readers (a window
// following the run, `latentlab-cli follow`) read the record to say who writes the run and how fresh it is.
// Works on shared and synced folders: nothing here needs more than atomic rename (docs/run-format.md).
#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

namespace latentlab {

struct OwnerRecord {
  std::string host;
  int64_t pid = 0;
  std::string program;         // "latentlab-cli train", "latentlab"
  double startedAt = 0;        // seconds since the epoch
  double heartbeatAt = 0;      // seconds since the epoch, renewed every kOwnerHeartbeatSeconds
  std::string state;           // the trainer's state ("running", "paused", ...); "closed" once it let go
  int64_t step = 0;            // the step at the last heartbeat
  int64_t totalSteps = 0;      // the planned end of training then
  std::string token;           // unique per owner, to tell a takeover from one's own record
  int64_t worldSize = 1;       // ranks of the data-parallel job that trains the run (rank 0 writes it)
  double imagesPerSecond = 0;  // the whole job's training speed at the last heartbeat (0: not training)
};

constexpr double kOwnerHeartbeatSeconds = 2.0;
// A heartbeat older than this means the writer is gone (crashed, killed, or its machine lost the folder).
constexpr double kOwnerStaleSeconds = 15.0;
constexpr const char* kOwnerFile = "owner.json";

double wallClockSeconds();
std::string hostName();

// The record in `runDir`, or nothing when there is none or it cannot be read (a reader polls again later).
std::optional<OwnerRecord> readOwner(const std::filesystem::path& runDir);

// True while the record's writer is alive: not closed, heartbeat fresh, and (on this host) the process exists.
bool ownerAlive(const OwnerRecord& owner, double now = wallClockSeconds());

// "latentlab-cli train (pid 123 on host)"; a job adds its ranks and speed: "..., rank 0 of 2 ranks, 5200 img/s".
std::string describeOwner(const OwnerRecord& owner);

// Held by the one process that writes a run. A thread renews the heartbeat; the destructor writes "closed".
class RunOwnership {
 public:
  // Throws latentlab::Error when a live writer owns the run. `note` says when a dead owner was taken over.
  static std::unique_ptr<RunOwnership> acquire(const std::filesystem::path& runDir, const std::string& program,
                                               std::string* note = nullptr);
  ~RunOwnership();
  RunOwnership(const RunOwnership&) = delete;
  RunOwnership& operator=(const RunOwnership&) = delete;

  // Shown to readers at the next heartbeat.
  void setStatus(const std::string& state, int64_t step, int64_t totalSteps, int64_t worldSize = 1,
                 double imagesPerSecond = 0);
  const std::filesystem::path& runDir() const { return dir_; }
  // False when another process has overwritten the record (it took the run over while we were stalled).
  bool stillOwner() const { return !lost_.load(); }

 private:
  RunOwnership(std::filesystem::path dir, OwnerRecord record, int lockFd);
  void beat();
  void heartbeatLoop();

  std::filesystem::path dir_;
  int lockFd_ = -1;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool quit_ = false;
  OwnerRecord record_;
  std::atomic<bool> lost_{false};
  std::thread thread_;
};

}  // namespace latentlab
