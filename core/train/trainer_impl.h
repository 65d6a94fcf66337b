#pragma once
// The trainer's state, split from trainer.h so that only the trainer's own files include torch through it.
// Its state is in named parts (trainer_parts.h); those above the line are the trainer thread's own once it runs,
// those below are shared with the calling threads.
#include <torch/torch.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <future>
#include <mutex>
#include <optional>
#include <thread>

#include "data/dataset.h"
#include "run/run_directory.h"
#include "run/run_log.h"
#include "run/run_owner.h"
#include "run/timeline.h"
#include "run/checkpoint.h"
#include "train/latents_worker.h"
#include "train/seen_codes.h"
#include "runner/model_runner.h"
#include "runner/model_views.h"
#include "train/trainer.h"
#include "train/trainer_parts.h"

namespace latentlab {

struct Trainer::Impl {
  using Clock = TrainerClock;

  Impl(std::shared_ptr<const Dataset> data, const TrainConfig& config, const TrainerOptions& options);

  // ---- owned by the trainer thread once it runs ----
  std::shared_ptr<const Dataset> data;
  TrainConfig config;  // lr and beta follow live changes
  TrainerOptions options;
  torch::Device device{torch::kCPU};
  std::unique_ptr<ModelRunner> model;
  std::shared_ptr<GradientSync> sync;  // the job this trainer is a rank of (LocalSync alone); trainer_dist.cpp
  bool stopWanted = false;             // in a job: Stop or Pause waits for the ranks to agree (agreeToContinue)
  at::Generator noise;                 // reparameterisation / GAN noise; checkpointed for exact resumes
  std::string message;
  Failure error;
  RunWriter writer;
  StepPlan plan;
  Rollback rollback;
  ViewState views;
  Speed speed;

  void threadMain();
  void execute(const TrainerCommand& command);
  void stopTraining();
  void trainOneStep();
  void joinJob();
  void refuseShardsOfOne() const;
  std::pair<int64_t, int64_t> shardOf(int64_t begin, int64_t end) const;
  bool agreeToContinue();
  std::string weightsDigest();
  void flushLosses();
  void onNonFinite(int64_t atStep);
  void endEpoch();
  void rememberGoodState();
  void beforeSettingsChange();
  int64_t batchEnd(int64_t position) const;
  void saveNow();
  void attachRun(const std::filesystem::path& root, bool fresh);
  void writeModelFiles(bool force);
  void flushLogs();
  void refreshViews(bool force);
  void refreshLatents();
  void updateLatents(Clock::time_point now);
  bool followsSeenCodes() const;
  void setLatents(std::shared_ptr<LatentCodes> codes);
  void publish();
  void setState(TrainerState next);
  void log(const std::string& line) const;
  void addEvent(const std::string& text, bool rewind = false);
  void addEpoch(const EpochMetric& metric);
  bool running() const { return shared.state.load() == TrainerState::Running; }

  // ---- shared with the calling threads ----
  CommandQueue inbox;
  ComputeThreadPolicy threadPolicy;
  Published shared;
  std::atomic<bool> quit{false};
  std::thread thread;

  void send(TrainerCommand command);

  // Last, so that it goes first: its thread wakes the trainer through queueMutex until it is joined.
  std::unique_ptr<LatentsWorker> latentsWorker;  // created by the trainer thread on first use (CPU training)
};

}  // namespace latentlab
