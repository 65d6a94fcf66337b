#include "run/run_owner.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <chrono>
#include <algorithm>
#include <cmath>
#include <nlohmann/json.hpp>
#include <random>

#include "io/atomic_file.h"
#include "run/run_recovery.h"
#include "util/error.h"
#include "util/thread_priority.h"

namespace latentlab {
namespace fs = std::filesystem;

namespace {

// A local lock beside the record: two processes on this host can never both pass acquire() at once, even in the
// moment between reading and writing the record. On a shared folder the heartbeat is what other hosts see.
constexpr const char* kLockFile = ".owner.lock";

nlohmann::json toJson(const OwnerRecord& r) {
  return {{"host", r.host},
          {"pid", r.pid},
          {"program", r.program},
          {"started_at", r.startedAt},
          {"heartbeat_at", r.heartbeatAt},
          {"state", r.state},
          {"step", r.step},
          {"total_steps", r.totalSteps},
          {"token", r.token},
          {"world_size", r.worldSize},
          {"images_per_second", r.imagesPerSecond}};
}

std::string newToken() {
  std::random_device device;
  std::mt19937_64 rng((uint64_t(device()) << 32) ^ device() ^ uint64_t(::getpid()));
  char text[20];
  std::snprintf(text, sizeof text, "%016llx", static_cast<unsigned long long>(rng()));
  return text;
}

std::string ageText(double seconds) {
  if (seconds < 120) return std::to_string(int64_t(seconds)) + " s";
  if (seconds < 7200) return std::to_string(int64_t(seconds / 60)) + " min";
  return std::to_string(int64_t(seconds / 3600)) + " h";
}

}  // namespace

double wallClockSeconds() {
  return std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count();
}

std::string hostName() {
  char name[256] = {};
  if (::gethostname(name, sizeof name - 1) != 0) return "unknown-host";
  return name;
}

std::optional<OwnerRecord> readOwner(const fs::path& runDir) {
  try {
    const auto j = nlohmann::json::parse(readFile(runDir / kOwnerFile));
    OwnerRecord r;
    r.host = j.at("host").get<std::string>();
    r.pid = j.at("pid").get<int64_t>();
    r.program = j.value("program", "");
    r.startedAt = j.at("started_at").get<double>();
    r.heartbeatAt = j.at("heartbeat_at").get<double>();
    r.state = j.value("state", "");
    r.step = j.value("step", int64_t(0));
    r.totalSteps = j.value("total_steps", int64_t(0));
    r.token = j.value("token", "");
    r.worldSize = std::max<int64_t>(1, j.value("world_size", int64_t(1)));
    r.imagesPerSecond = j.value("images_per_second", 0.0);
    return r;
  } catch (const std::exception&) {
    return std::nullopt;
  }
}

bool ownerAlive(const OwnerRecord& owner, double now) {
  if (owner.state == "closed") return false;
  if (!(now - owner.heartbeatAt < kOwnerStaleSeconds)) return false;
  if (owner.host == hostName() && owner.pid > 0 && ::kill(pid_t(owner.pid), 0) != 0 && errno == ESRCH) return false;
  return true;
}

std::string describeOwner(const OwnerRecord& owner) {
  std::string job;
  if (owner.worldSize > 1) {
    job = ", rank 0 of " + std::to_string(owner.worldSize) + " ranks";
    if (owner.imagesPerSecond > 0) job += ", " + std::to_string(int64_t(owner.imagesPerSecond + 0.5)) + " img/s";
  }
  return (owner.program.empty() ? std::string("a trainer") : owner.program) + " (pid " + std::to_string(owner.pid) +
         " on " + owner.host + job + ")";
}

std::unique_ptr<RunOwnership> RunOwnership::acquire(const fs::path& runDir, const std::string& program,
                                                    std::string* note) {
  const fs::path lockPath = runDir / kLockFile;
  const int fd = ::open(lockPath.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (fd < 0) throw Error("cannot write to the run directory '" + runDir.string() + "': " + std::strerror(errno));
  if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
    ::close(fd);
    const auto owner = readOwner(runDir);
    throw Error("the run '" + runDir.string() + "' is being written by " +
                (owner ? describeOwner(*owner) : std::string("another process on this machine")) +
                ": follow it instead, or stop that process first");
  }
  const double now = wallClockSeconds();
  if (const auto owner = readOwner(runDir)) {
    if (ownerAlive(*owner, now)) {
      ::close(fd);
      throw Error("the run '" + runDir.string() + "' is being written by " + describeOwner(*owner) + " (heartbeat " +
                  ageText(std::max(0.0, now - owner->heartbeatAt)) +
                  " ago): follow it instead, or stop that process first");
    }
    if (note && owner->state != "closed")
      *note = "took over the run from " + describeOwner(*owner) + ", whose last heartbeat was " +
              ageText(std::max(0.0, now - owner->heartbeatAt)) + " ago (step " + std::to_string(owner->step) + ")";
  }
  OwnerRecord record;
  record.host = hostName();
  record.pid = ::getpid();
  record.program = program;
  record.startedAt = record.heartbeatAt = now;
  record.state = "starting";
  record.token = newToken();
  std::unique_ptr<RunOwnership> ownership(new RunOwnership(runDir, record, fd));
  ownership->beat();  // throws when the folder cannot be written: the caller hears it before any training
  // We are the only writer now: temp files of saves that a kill cut short (up to a checkpoint's size each) are
  // nobody's. Removed here, so that every way of taking a run over cleans up.
  const TempCleanup cleanup = removeStaleTempFiles(runDir);
  if (note && cleanup.files > 0) {
    *note += std::string(note->empty() ? "" : "; ") + "removed " + std::to_string(cleanup.files) + " temp file(s) of " +
             std::to_string((cleanup.bytes + 1023) / 1024) + " KB left by an interrupted save";
  }
  ownership->thread_ = std::thread([o = ownership.get()] { o->heartbeatLoop(); });
  return ownership;
}

RunOwnership::RunOwnership(fs::path dir, OwnerRecord record, int lockFd)
    : dir_(std::move(dir)), lockFd_(lockFd), record_(std::move(record)) {}

RunOwnership::~RunOwnership() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    quit_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
  try {
    if (!lost_) {
      record_.state = "closed";
      beat();
    }
  } catch (const std::exception&) {
    // A reader treats a stale heartbeat as closed too; nothing else to do on the way out.
  }
  if (lockFd_ >= 0) ::close(lockFd_);
}

void RunOwnership::setStatus(const std::string& state, int64_t step, int64_t totalSteps, int64_t worldSize,
                             double imagesPerSecond) {
  std::lock_guard<std::mutex> lock(mutex_);
  record_.worldSize = worldSize;
  record_.imagesPerSecond = imagesPerSecond;
  record_.state = state;
  record_.step = step;
  record_.totalSteps = totalSteps;
}

void RunOwnership::beat() {
  OwnerRecord record;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    record_.heartbeatAt = wallClockSeconds();
    record = record_;
  }
  // Another host may have taken the run over after our heartbeat went stale (a stalled disk, a suspended
  // laptop): then it is theirs, and we stop writing the record.
  if (const auto current = readOwner(dir_); current && current->token != record.token && ownerAlive(*current)) {
    lost_ = true;
    return;
  }
  writeFileAtomic(dir_ / kOwnerFile, toJson(record).dump() + "\n");
}

void RunOwnership::heartbeatLoop() {
  nameThisThread("ll-heartbeat");
  std::unique_lock<std::mutex> lock(mutex_);
  while (!quit_) {
    wake_.wait_for(lock, std::chrono::duration<double>(kOwnerHeartbeatSeconds), [&] { return quit_; });
    if (quit_ || lost_) break;
    lock.unlock();
    try {
      beat();
    } catch (const std::exception&) {
      // A full disk or a vanished folder: readers will see the heartbeat age; the trainer's own saves report it.
    }
    lock.lock();
  }
}

}  // namespace latentlab
