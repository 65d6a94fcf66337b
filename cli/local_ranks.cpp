// `latentlab-cli train --nproc N`: N ranks of the same command on this host, as `torchrun --nproc_per_node N`
// would start them, without needing Python. The ranks share a process group of their own, so that stopping them
// (a failed rank, Ctrl+C) reaches every one and nothing is left behind.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iterator>
#include <optional>
#include <thread>

#include "dist_args.h"
#include "util/error.h"

namespace latentlab::cli {

namespace {

volatile std::sig_atomic_t forwardSignal = 0;
void onSignal(int number) { forwardSignal = number; }

// This process's own command line, without --nproc N (the ranks run the rest of it).
std::vector<std::string> commandLineWithoutNproc() {
  std::ifstream file("/proc/self/cmdline", std::ios::binary);
  const std::string all((std::istreambuf_iterator<char>(file)), std::istreambuf_iterator<char>());
  std::vector<std::string> args;
  for (size_t begin = 0; begin < all.size();) {
    const size_t end = all.find('\0', begin);
    args.push_back(all.substr(begin, end - begin));
    begin = end == std::string::npos ? all.size() : end + 1;
  }
  std::vector<std::string> kept;
  for (size_t i = 0; i < args.size(); ++i) {
    if (args[i] == "--nproc") {
      ++i;
      continue;
    }
    if (args[i].rfind("--nproc=", 0) == 0) continue;
    kept.push_back(args[i]);
  }
  return kept;
}

// A port the kernel just gave us and took back: free unless another program grabs it in the next moment.
int freeLoopbackPort() {
  const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) throw Error(std::string("cannot open a socket: ") + std::strerror(errno));
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t length = sizeof address;
  const bool ok = ::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0 &&
                  ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) == 0;
  ::close(fd);
  if (!ok) throw Error(std::string("cannot find a free port on 127.0.0.1: ") + std::strerror(errno));
  return ntohs(address.sin_port);
}

std::string howItEnded(int status) {
  if (WIFSIGNALED(status)) {
    const int number = WTERMSIG(status);
    return std::string("was killed by signal ") + std::to_string(number) + " (" + strsignal(number) + ")";
  }
  return "exited with code " + std::to_string(WEXITSTATUS(status));
}

[[noreturn]] void execRank(const std::vector<std::string>& args, int rank, int nproc, int port) {
  ::prctl(PR_SET_PDEATHSIG, SIGTERM);  // the launcher gone (even by SIGKILL): its ranks do not run on alone
  ::setenv("RANK", std::to_string(rank).c_str(), 1);
  ::setenv("LOCAL_RANK", std::to_string(rank).c_str(), 1);
  ::setenv("WORLD_SIZE", std::to_string(nproc).c_str(), 1);
  ::setenv("LOCAL_WORLD_SIZE", std::to_string(nproc).c_str(), 1);
  ::setenv("MASTER_ADDR", "127.0.0.1", 1);
  ::setenv("MASTER_PORT", std::to_string(port).c_str(), 1);
  ::unsetenv("TORCHELASTIC_USE_AGENT_STORE");
  std::vector<char*> argv;
  for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  ::execv("/proc/self/exe", argv.data());
  std::fprintf(stderr, "latentlab-cli: rank %d: cannot start: %s\n", rank, std::strerror(errno));
  std::_Exit(127);
}

}  // namespace

void runLocalRanks(int nproc, double timeoutSeconds) {
  const auto args = commandLineWithoutNproc();
  const int port = freeLoopbackPort();
  std::fflush(stdout);
  std::fflush(stderr);
  std::vector<pid_t> pids;
  pid_t group = 0;
  for (int rank = 0; rank < nproc; ++rank) {
    const pid_t pid = ::fork();
    if (pid < 0) {
      if (group) ::kill(-group, SIGKILL);
      throw Error(std::string("cannot start rank ") + std::to_string(rank) + ": " + std::strerror(errno));
    }
    if (pid == 0) {
      ::setpgid(0, group);
      execRank(args, rank, nproc, port);
    }
    ::setpgid(pid, group);  // in both processes: whichever runs first, the rank is in the group before it matters
    if (!group) group = pid;
    pids.push_back(pid);
  }
  std::fprintf(stderr, "started %d ranks on 127.0.0.1:%d (pids %d..%d)\n", nproc, port, int(pids.front()),
               int(pids.back()));
  std::signal(SIGINT, onSignal);
  std::signal(SIGTERM, onSignal);

  using Clock = std::chrono::steady_clock;
  std::string failure;
  std::optional<Clock::time_point> killAt;  // after a failure: the others get this long to end on their own
  size_t running = pids.size();
  while (running > 0) {
    if (forwardSignal) {  // Ctrl+C or SIGTERM: each rank saves and stops (they agree on the step)
      ::kill(-group, SIGTERM);
      if (!killAt)
        killAt = Clock::now() +
                 std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(timeoutSeconds + 30));
      forwardSignal = 0;
    }
    int status = 0;
    const pid_t pid = ::waitpid(-group, &status, WNOHANG);
    if (pid > 0) {
      --running;
      const int rank = int(std::find(pids.begin(), pids.end(), pid) - pids.begin());
      const bool failed = !WIFEXITED(status) || WEXITSTATUS(status) != 0;
      if (failed && failure.empty()) {
        failure = "rank " + std::to_string(rank) + " (pid " + std::to_string(pid) + ") " + howItEnded(status);
        std::fprintf(stderr, "latentlab-cli: %s: stopping the other ranks\n", failure.c_str());
        ::kill(-group, SIGTERM);
        killAt = Clock::now() + std::chrono::seconds(10);
      }
      continue;
    }
    if (pid < 0 && errno != EINTR) break;  // no children left
    if (killAt && Clock::now() > *killAt) {
      ::kill(-group, SIGKILL);
      killAt = Clock::now() + std::chrono::hours(1);
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  if (!failure.empty()) throw Error("the job failed: " + failure);
}

}  // namespace latentlab::cli
