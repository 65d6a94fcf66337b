#pragma once
// The trainer's state in named parts; Trainer::Impl (trainer_impl.h) holds one of each. The first five are the
// trainer thread's own once it runs; the last three are shared with the calling threads, under their locks.
#include <torch/torch.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "run/run_directory.h"
#include "run/run_log.h"
#include "run/run_owner.h"
#include "snapshot/metrics_history.h"
#include "snapshot/snapshot.h"
#include "run/checkpoint.h"
#include "runner/model_views.h"
#include "train/seen_codes.h"

namespace latentlab {

using TrainerClock = std::chrono::steady_clock;

// The run directory this trainer writes, and what it has written there (trainer_run.cpp).
struct RunWriter {
  std::optional<RunDirectory> run;
  std::unique_ptr<RunOwnership> owner;  // held while this trainer writes `run`
  bool runHasConfig = false;            // `run` has our config.json (a new run gets it after its first save)
  AppendLog metricsLog, eventLog;       // metrics.csv and events.jsonl of `run`
  std::vector<int64_t> timelineSteps;   // the run's model timeline on disk
  TrainerClock::time_point lastModelWrite, lastAutosave;
  int64_t modelWrittenStep = -1;  // step of model.pt
  int64_t lastSavedStep = -1;
  SaveReport lastSave;
};

// Where training stands in its plan, this epoch's order of the images, and the losses of the steps not yet copied
// into the history (trainer_steps.cpp).
struct StepPlan {
  TrainingProgress progress;
  MetricsHistory history;
  int64_t stepsPerEpoch = 1;
  int64_t permutationEpoch = -1;
  torch::Tensor permutation;                 // this epoch's order of the train split
  std::vector<torch::Tensor> pendingLosses;  // device tensors not yet copied into history
  int64_t pendingFirstStep = 0;
  std::vector<int64_t> pendingBatchSizes;
};

// The model and optimizer state to go back to when the loss becomes NaN or infinite (trainer_steps.cpp).
struct Rollback {
  std::string goodState;  // model + optimizer at goodProgress.step
  TrainingProgress goodProgress;
  torch::Tensor goodNoise;
  // Step of the last lr or beta change: weights trained under new settings are trusted as a rollback target only
  // once those settings trained kGoodStateEvery steps (a change that blows up leaves finite but ruined weights).
  int64_t settingsChangedAt = 0;
  bool nanInjected = false;
};

// What the views of the model being trained show, and when they were last published.
struct ViewState {
  ViewInputs viewInputs;  // the fixed images and codes every view of this run shows
  bool latentsRequested = true;
  std::shared_ptr<const LatentCodes> latents;
  SeenCodes seenCodes;  // the codes training computes anyway, while a window watches (seen_codes.h)
  ModelView view;       // of the model being trained, at view.step
  int64_t decoderVersion = 0, snapshotVersion = 0;
  TrainerClock::time_point lastPublish, lastLatents;
};

// Images per second since training last (re)started.
struct Speed {
  TrainerClock::time_point speedSince;
  int64_t speedSinceStep = 0;
  double imagesPerSecond = 0;
};

struct TrainerCommand {
  enum class Kind {
    Start,
    Pause,
    Resume,
    StepOnce,
    Stop,
    SetLr,
    SetBeta,
    SetTotalSteps,
    Save,
    SaveAs,
    RefreshLatents,
    SetLatentRefresh,
    Sync,
    Digest
  };
  Kind kind;
  double value = 0;
  std::filesystem::path path;
  std::shared_ptr<std::promise<void>> done;  // Sync: fulfilled once every earlier command ran
  std::shared_ptr<std::string> text;         // Digest: receives the weights' CRC-32
};

// Commands from the calling threads, and the latents worker's wake-up, under queueMutex.
struct CommandQueue {
  std::mutex queueMutex;
  std::condition_variable queueCv;
  std::deque<TrainerCommand> queue;
  bool latentsReady = false;  // the latents worker finished an encoding: publish it
  std::atomic<bool> commandsWaiting{false};
};

// The threads training computes with: what the window asks for (any thread) and what this thread applied.
struct ComputeThreadPolicy {
  std::atomic<int> computeThreads{0};  // wanted by setComputeThreads(); 0: as started
  int appliedComputeThreads = 0;       // the count this thread computes with; trainer thread only
};

// What the calling threads read: the state, the step, and the latest snapshot (under snapshotMutex).
struct Published {
  mutable std::mutex snapshotMutex;
  std::condition_variable stateCv;
  std::shared_ptr<const Snapshot> snapshot;
  std::atomic<TrainerState> state{TrainerState::Idle};
  std::atomic<int64_t> stepCount{0};
};

}  // namespace latentlab
