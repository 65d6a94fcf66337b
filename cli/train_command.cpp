// latentlab-cli train: a new run (--out) or a saved one continued (--resume), with a progress line.
#include <CLI/CLI.hpp>

#include <nlohmann/json.hpp>

#include <csignal>
#include <map>
#include <cstdio>
#include <thread>

#include "cli_checks.h"
#include "cli_support.h"
#include "commands.h"
#include "dist_args.h"
#include "train_args.h"
#include "run/run_recovery.h"
#include "runner/gradient_sync.h"
#include "run/run_directory.h"
#include "train/progress.h"
#include "train/trainer.h"
#include "util/blas_info.h"
#include "util/compute_threads.h"
#include "util/error.h"
#include "util/format.h"
#include "util/runtime_info.h"

namespace latentlab::cli {
namespace {

volatile std::sig_atomic_t interrupted = 0;

// SIGINT/SIGTERM ask for a save and a clean exit, from the first moment: loading the data and creating the run
// take seconds, and a signal then must not kill the process half way (the run would be left unsaved). A second
// signal gets the default action, for whoever really wants the process gone.
void onSignal(int number) {
  interrupted = 1;
  std::signal(number, SIG_DFL);
}

std::string progressLine(const Snapshot& s) {
  char line[256];
  const float loss = s.history.rows() && s.history.series() ? s.history.last(0) : 0.0f;
  std::snprintf(line, sizeof line, "epoch %lld  step %lld/%lld  %s %.4g  %.0f img/s  ETA %s",
                (long long)epochProgress(s.step, s.stepsPerEpoch).epoch, (long long)s.step, (long long)s.totalSteps,
                s.history.names().empty() ? "loss" : s.history.names()[0].c_str(), double(loss), s.imagesPerSecond,
                s.etaSeconds > 0 ? formatDuration(s.etaSeconds).c_str() : "-");
  return line;
}

// What a resume may change: the target (--epochs/--steps) and the live settings (--lr/--beta, applied as the
// window's setters are, so they are recorded as events and in config.json at the next save).
struct ResumeChanges {
  bool epochs = false, steps = false, lr = false, beta = false;
  std::vector<std::string> fixed;  // the flags given that a resume cannot change (refuseChangedSettings)
};

// Rank 0 tells the other ranks which run they train (a new run's config or the resumed run's), or why there is
// none; the others then build the same model on their own copy of the data and take rank 0's state
// (Trainer's joinJob). They never open the run directory: it may not even exist on their machines.
std::unique_ptr<Trainer> joinAsWorker(const TrainArgs& args, GradientSync& sync, const TrainerOptions& options) {
  const auto message = nlohmann::json::parse(sync.broadcastBytes(""));
  if (message.contains("error"))
    throw Error(sync.name() + ": rank 0 could not start: " + message["error"].get<std::string>());
  const TrainConfig config = trainConfigFromJson(message["config"]);
  return std::make_unique<Trainer>(loadData(args.data.spec.empty() ? dataArgsOf(config) : args.data), config, "",
                                   options);
}

// Every rank of a job must choose alike: NCCL on one GPU per rank, or Gloo on the CPU. --device auto takes the
// GPUs when this host has one for each of its ranks (or, the count unknown, has any: a rank left without one
// then says so); --device cuda always does (a rank without a GPU stops with a message).
bool jobUsesGpus(const std::string& device, const DistConfig& job) {
  const int gpus = torch::cuda::is_available() ? int(torch::cuda::device_count()) : 0;
  if (device == "cpu" || gpus == 0) return false;
  if (device != "cuda" && job.localWorldSize > gpus) return false;
  if (job.localRank >= gpus)  // before joining: NCCL would fail on a GPU that is not there
    throw Error("--device " + device + ": local rank " + std::to_string(job.localRank) + " needs GPU " +
                std::to_string(job.localRank) + ", and this host has " + std::to_string(gpus) +
                ": each rank needs a GPU of its own (NCCL), so start at most " + std::to_string(gpus) +
                " ranks on this host, or train with --device cpu (Gloo)");
  return true;
}

void runTraining(TrainArgs args, ResumeChanges given) {
  std::signal(SIGINT, onSignal);
  std::signal(SIGTERM, onSignal);
  DistConfig job = resolveDistConfig(args.dist);
  job.cuda = jobUsesGpus(args.config.device, job);
  // Joined first: a wrong master fails now, not after the data loaded.
  const auto sync = connectProcessGroup(job);  // alone (a job of one): the local no-op
  const bool worker = sync->rank() > 0;
  // torchrun restarted the job (--max_restarts): the run it was creating exists now, and is continued.
  if (job.restartCount > 0 && !args.out.empty() && RunDirectory::isRunDirectory(args.out) &&
      !isUnfinishedRun(args.out)) {
    if (!worker) std::fprintf(stderr, "restart %d of the job: continuing %s\n", job.restartCount, args.out.c_str());
    args.resume = args.out;
    args.out.clear();
    given.fixed.clear();  // the flags made this run: they are its settings
  }
  const bool epochsGiven = given.epochs, stepsGiven = given.steps;
  // The ranks on one host share its cores.
  const int cores = std::max(1, int(std::thread::hardware_concurrency()));
  const int requested = args.threads > 0 ? args.threads : std::max(1, cores / std::max(1, job.localWorldSize));
  const int threads = configureTorchThreads(requested);
  computeOnThisThreadAlone();  // the trainer's thread computes in parallel, this one loads and waits
  if (args.threads > threads)
    std::fprintf(stderr, "--threads %d: this machine has %d cores; using %d threads\n", args.threads, threads, threads);
  if (!worker) std::fprintf(stderr, "%s\n", describeBlas(detectBlas()).c_str());
  if (sync->distributed() || job.groupOfOne)
    std::fprintf(stderr, "%s: joined the job at %s:%d\n", sync->name().c_str(), job.masterAddr.c_str(), job.masterPort);
  TrainerOptions options;
  options.verbose = !worker;
  options.latentRefreshSeconds = 0;  // nobody looks at the scatter here
  options.program = "latentlab-cli train";
  options.allowOtherData = args.allowOtherData;
  options.autosaveSeconds = args.autosaveSeconds;
  options.autosaveSteps = args.autosaveSteps;
  options.gradientSync = sync;
  options.cudaDeviceIndex = job.cuda ? job.localRank : -1;
  std::unique_ptr<Trainer> trainer;
  if (worker) {
    trainer = joinAsWorker(args, *sync, options);
  } else {
    // Rank 0 (or a process alone) tells the others what it trains, or why it cannot (sync: alone, a no-op).
    TrainConfig config;
    std::shared_ptr<const Dataset> data;
    try {
      if (!args.resume.empty()) {
        config = trainConfigFromJson(RunDirectory::open(args.resume).readConfig());
        refuseChangedSettings(args, given.fixed, config);
        data = loadData(args.data.spec.empty() ? dataArgsOf(config) : args.data);
      } else {
        data = loadData(args.data);
        config = newRunConfig(args, given.lr, data.get());
      }
    } catch (const std::exception& e) {
      if (sync->distributed()) sync->broadcastBytes(nlohmann::json{{"error", e.what()}}.dump());
      throw;
    }
    if (sync->distributed()) sync->broadcastBytes(nlohmann::json{{"config", toJson(config)}}.dump());
    if (!args.resume.empty()) trainer = Trainer::resume(data, args.resume, options);
    else trainer = std::make_unique<Trainer>(data, config, args.out, options);
  }
  if (!args.resume.empty()) {  // every rank applies the same flags to the state it now shares with rank 0
    const auto snap = trainer->snapshot();
    if (epochsGiven || stepsGiven)
      trainer->setTotalSteps(stepsGiven ? args.config.steps : args.config.epochs * snap->stepsPerEpoch);
    const double lr = args.config.lr, beta = args.config.beta;
    if (given.lr && lr != snap->config.lr) {
      trainer->setLearningRate(lr);
      if (!worker) std::fprintf(stderr, "learning rate %g (was %g)\n", lr, snap->config.lr);
    }
    if (given.beta && beta != snap->config.beta) {
      trainer->setBeta(beta);
      if (!worker) std::fprintf(stderr, "beta %g (was %g)\n", beta, snap->config.beta);
    }
    trainer->sync();
    if (trainer->snapshot()->step >= trainer->snapshot()->totalSteps) {
      if (!worker)
        std::printf("the run is already at step %lld of %lld: pass a larger --epochs or --steps to train more\n",
                    (long long)snap->step, (long long)trainer->snapshot()->totalSteps);
      return;
    }
  }

  // Before training started: the run on disk is already complete (created or resumed). A job starts anyway and
  // stops at its first step, so that all ranks stop together.
  if (interrupted && !sync->distributed()) {
    std::fprintf(stderr, "interrupted before training started: the run is saved at step %lld\n",
                 (long long)trainer->snapshot()->step);
    std::printf("run directory: %s\n", trainer->snapshot()->runDir.c_str());
    return;
  }
  trainer->start();
  trainer->sync();
  const bool terminal = stdoutIsTerminal();
  auto lastPlain = std::chrono::steady_clock::now();
  while (trainer->state() == TrainerState::Running && !interrupted) {
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    const auto snap = trainer->snapshot();
    if (worker) {
      continue;
    } else if (terminal) {
      std::printf("\r%-100s", progressLine(*snap).c_str());
      std::fflush(stdout);
    } else if (std::chrono::steady_clock::now() - lastPlain > std::chrono::seconds(10)) {
      std::printf("%s\n", progressLine(*snap).c_str());
      std::fflush(stdout);
      lastPlain = std::chrono::steady_clock::now();
    }
  }
  if (terminal && !worker) std::printf("\n");
  if (interrupted) {
    std::fprintf(stderr, "%sinterrupted: saving and stopping\n", worker ? (sync->name() + ": ").c_str() : "");
    trainer->stop();
    trainer->waitWhileRunning();  // in a job, the ranks stop together at the next step
  }
  trainer->sync();
  const auto snap = trainer->snapshot();
  if (sync->distributed() && snap->error.empty())  // the ranks' weights must be identical: each says what it holds
    std::fprintf(stderr, "%s: step %lld, weights crc32:%s\n", sync->name().c_str(), (long long)snap->step,
                 trainer->weightsDigest().c_str());
  if (worker) {
    if (!snap->error.empty()) throw Error(snap->error.text());
    return;
  }
  std::printf("%s\n", progressLine(*snap).c_str());
  for (const auto& e : snap->epochs)
    std::printf("epoch %lld: train loss %.3f, test loss %.3f\n", (long long)e.epoch, double(e.trainLoss),
                double(e.testLoss));
  std::printf("run directory: %s\n", snap->runDir.c_str());
  if (!snap->error.empty()) throw Error(snap->error.text());
}

}  // namespace

void addTrainCommand(CLI::App& app) {
  auto args = std::make_shared<TrainArgs>();
  auto* cmd = app.add_subcommand("train", "Train a model on a data set, or continue a saved run");
  const GivenFlags flags = addTrainOptions(*cmd, *args);
  cmd->callback([args, cmd, flags] {
    if (args->out.empty() == args->resume.empty()) throw Error("train needs either --out RUN_DIR or --resume RUN_DIR");
    if (args->dist.nproc > 0) {
      if (args->dist.worldSize > 0 || args->dist.rank >= 0 || !args->dist.master.empty())
        throw Error("--nproc starts the ranks itself: leave out --world-size, --rank and --master");
      return runLocalRanks(args->dist.nproc, args->dist.timeoutSeconds);
    }
    if (args->resume.empty() && args->data.spec.empty()) throw Error("train needs --data SPEC for a new run");
    std::vector<std::string> fixed;
    for (const auto& flag : fixedWhenResumed())
      if (!args->resume.empty() && cmd->count(flag) > 0) fixed.push_back(flag);
    runTraining(*args, {flags.epochs->count() > 0, flags.steps->count() > 0, flags.lr->count() > 0,
                        flags.beta->count() > 0, fixed});
  });
}

}  // namespace latentlab::cli
