#pragma once
// The trainer's state, split from trainer.h so that only the trainer's own files include torch through it.
// Fields above the line are owned by the trainer thread once it runs; fields below are shared with callers.
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
#include "train/checkpoint.h"
#include "train/latents_worker.h"
#include "train/seen_codes.h"
#include "train/model_runner.h"
#include "train/model_views.h"
#include "train/trainer.h"

namespace latentlab {

struct TrainerCommand {
  enum class Kind { Start, Pause, Resume, StepOnce, Stop, SetLr, SetBeta, SetTotalSteps, Save, SaveAs,
                    RefreshLatents, SetLatentRefresh, Sync, Digest };
  Kind kind;
  double value = 0;
  std::filesystem::path path;
  std::shared_ptr<std::promise<void>> done;  // Sync: fulfilled once every earlier command ran
  std::shared_ptr<std::string> text;         // Digest: receives the weights' CRC-32
};

struct Trainer::Impl {
  using Clock = std::chrono::steady_clock;

  Impl(std::shared_ptr<const Dataset> data, const TrainConfig& config, const TrainerOptions& options);

  // ---- owned by the trainer thread once it runs ----
  std::shared_ptr<const Dataset> data;
  TrainConfig config;            // lr and beta follow live changes
  TrainerOptions options;
  torch::Device device{torch::kCPU};
  std::unique_ptr<ModelRunner> model;
  std::shared_ptr<GradientSync> sync;   // the job this trainer is a rank of (LocalSync alone); trainer_dist.cpp
  bool stopWanted = false;              // in a job: Stop or Pause waits for the ranks to agree (agreeToContinue)
  at::Generator noise;           // reparameterisation / GAN noise; checkpointed for exact resumes
  std::optional<RunDirectory> run;
  std::unique_ptr<RunOwnership> owner;  // held while this trainer writes `run`
  bool runHasConfig = false;            // `run` has our config.json (a new run gets it after its first save)
  AppendLog metricsLog, eventLog;       // metrics.csv and events.jsonl of `run`
  std::vector<int64_t> timelineSteps;   // the run's model timeline on disk
  Clock::time_point lastModelWrite;
  int64_t modelWrittenStep = -1;        // step of model.pt
  TrainingProgress progress;
  MetricsHistory history;
  int64_t stepsPerEpoch = 1;
  int64_t permutationEpoch = -1;
  torch::Tensor permutation;     // this epoch's order of the train split

  std::vector<torch::Tensor> pendingLosses;  // device tensors not yet copied into history
  int64_t pendingFirstStep = 0;
  std::vector<int64_t> pendingBatchSizes;

  std::string goodState;         // model + optimizer at goodProgress.step, for NaN rollback
  TrainingProgress goodProgress;
  torch::Tensor goodNoise;
  // Step of the last lr or beta change: weights trained under new settings are trusted as a rollback target only
  // once those settings trained kGoodStateEvery steps (a change that blows up leaves finite but ruined weights).
  int64_t settingsChangedAt = 0;
  bool nanInjected = false;

  ViewInputs viewInputs;         // the fixed images and codes every view of this run shows

  std::string message;
  Failure error;
  Clock::time_point lastPublish, lastAutosave, lastLatents, speedSince;
  int64_t speedSinceStep = 0;
  double imagesPerSecond = 0;
  int64_t lastSavedStep = -1;
  SaveReport lastSave;
  bool latentsRequested = true;
  std::shared_ptr<const LatentCodes> latents;
  SeenCodes seenCodes;           // the codes training computes anyway, while a window watches (seen_codes.h)
  ModelView view;                // of the model being trained, at view.step
  int64_t decoderVersion = 0, snapshotVersion = 0;

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
  bool running() const { return state.load() == TrainerState::Running; }

  // ---- shared with the calling threads ----
  std::mutex queueMutex;
  std::condition_variable queueCv;
  std::deque<TrainerCommand> queue;
  bool latentsReady = false;  // the latents worker finished an encoding: publish it
  std::atomic<bool> quit{false};
  std::atomic<bool> commandsWaiting{false};
  std::atomic<TrainerState> state{TrainerState::Idle};
  std::atomic<int64_t> stepCount{0};
  std::atomic<int> computeThreads{0};  // wanted by setComputeThreads(); 0: as started
  int appliedComputeThreads = 0;       // the count this thread computes with; trainer thread only
  mutable std::mutex snapshotMutex;
  std::condition_variable stateCv;
  std::shared_ptr<const Snapshot> snapshot;
  std::thread thread;

  void send(TrainerCommand command);

  // Last, so that it goes first: its thread wakes the trainer through queueMutex until it is joined.
  std::unique_ptr<LatentsWorker> latentsWorker;  // created by the trainer thread on first use (CPU training)
};

}  // namespace latentlab
