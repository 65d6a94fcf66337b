// latentlab-cli follow: the live progress of a run that another process writes, read-only, until its writer
// stops (or Ctrl+C). Works on a folder that another machine writes through a shared or synced file system.
#include <CLI/CLI.hpp>

#include <chrono>
#include <csignal>
#include <cstdio>
#include <thread>

#include "cli_checks.h"
#include "cli_support.h"
#include "commands.h"
#include "source/run_follower.h"
#include "util/error.h"
#include "util/format.h"

namespace latentlab::cli {
namespace {

volatile std::sig_atomic_t interrupted = 0;

std::string followLine(const Snapshot& s) {
  char line[320];
  const bool rows = s.history.rows() > 0;
  std::snprintf(line, sizeof line, "step %lld/%lld  %s %.4g  %.0f img/s  %s  writer %s (heartbeat %.0f s ago)",
                (long long)s.step, (long long)s.totalSteps,
                s.history.names().empty() ? "loss" : s.history.names()[0].c_str(),
                rows ? double(s.history.last(0)) : 0.0, s.imagesPerSecond, trainerStateName(s.state),
                s.source.writer.empty() ? "none" : s.source.writer.c_str(), s.source.heartbeatAge);
  return line;
}

void follow(const std::string& dir, double seconds) {
  FollowOptions options;
  options.loadModels = false;
  RunFollower follower(dir, nullptr, options);
  follower.waitForPoll();
  auto snap = follower.snapshot();
  if (!snap->error.empty()) throw Error(snap->error.text());
  std::printf("following %s: %s, %s\n", snap->runDir.c_str(), modelKindName(snap->config.model.kind),
              snap->source.kind == SourceKind::Followed ? ("written by " + snap->source.writer).c_str()
                                                        : "nobody writes it now");
  std::signal(SIGINT, [](int) { interrupted = 1; });
  std::signal(SIGTERM, [](int) { interrupted = 1; });
  const bool terminal = stdoutIsTerminal();
  const auto start = std::chrono::steady_clock::now();
  int64_t lastStep = -1, lastEvent = int64_t(snap->events.size()), lastEpoch = int64_t(snap->epochs.size());
  auto lastLine = start - std::chrono::hours(1);
  while (!interrupted) {
    snap = follower.snapshot();
    for (; lastEpoch < int64_t(snap->epochs.size()); ++lastEpoch) {
      const auto& e = snap->epochs[size_t(lastEpoch)];
      std::printf("%sepoch %lld: train loss %.3f, test loss %.3f\n", terminal ? "\r" : "", (long long)e.epoch,
                  double(e.trainLoss), double(e.testLoss));
    }
    for (; lastEvent < int64_t(snap->events.size()); ++lastEvent)
      std::printf("%sevent at step %lld: %s\n", terminal ? "\r" : "", (long long)snap->events[size_t(lastEvent)].step,
                  snap->events[size_t(lastEvent)].text.c_str());
    lastEvent = std::min<int64_t>(lastEvent, int64_t(snap->events.size()));
    lastEpoch = std::min<int64_t>(lastEpoch, int64_t(snap->epochs.size()));
    const auto now = std::chrono::steady_clock::now();
    if (terminal) {
      std::printf("\r%-140s", followLine(*snap).c_str());
    } else if (snap->step != lastStep && now - lastLine > std::chrono::seconds(2)) {
      std::printf("%s\n", followLine(*snap).c_str());
      lastLine = now;
      lastStep = snap->step;
    }
    std::fflush(stdout);
    if (snap->source.kind != SourceKind::Followed) break;
    if (seconds > 0 && std::chrono::duration<double>(now - start).count() > seconds) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(250));
  }
  if (terminal) std::printf("\n");
  snap = follower.snapshot();
  std::printf("%s\n", followLine(*snap).c_str());
  std::printf("%s\n", interrupted ? "stopped following (the run goes on)"
                      : snap->source.kind == SourceKind::Followed
                          ? "stopped following after --seconds"
                          : ("the writer stopped: " + snap->source.note).c_str());
}

}  // namespace

void addFollowCommand(CLI::App& app) {
  struct FollowArgs {
    std::string run;
    double seconds = 0;
  };
  auto args = std::make_shared<FollowArgs>();
  auto* cmd = app.add_subcommand("follow", "Print the live progress of a run another process writes");
  cmd->add_option("run", args->run, "Run directory")->required();
  cmd->add_option("--seconds", args->seconds, "Stop following after this long (default: until the writer stops)")
      ->check(finiteNumber(0, 1e9));
  cmd->callback([args] { follow(args->run, args->seconds); });
}

}  // namespace latentlab::cli
