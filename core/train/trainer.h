#pragma once
// The trainer: one object, one background thread that owns the model and its optimizer (docs/architecture.md,
// "Threads"). Callers send commands (never blocking on a training step) and read immutable snapshots.
// No torch here: the GUI includes this header.
#include <limits>
#include <filesystem>
#include <memory>
#include <string>

#include "run/timeline.h"
#include "snapshot/snapshot.h"

namespace latentlab {

struct Dataset;
class GradientSync;

struct TrainerOptions {
  double publishIntervalSeconds = 0.3;  // how often a new Snapshot is published while running
  double latentRefreshSeconds = 5.0;    // how often the data set's latent codes are recomputed (0: never)
  double autosaveSeconds = 60.0;        // autosave period when a run directory is set (0: never)
  int64_t maxLatentPoints = std::numeric_limits<int64_t>::max();  // cap on encoded points: none, the scatter shows all
  bool verbose = false;                                           // log to stderr (CLI)
  int64_t injectNanAtStep = -1;                                   // tests only: make the loss NaN at this step
  std::string program = "latentlab";                              // named in the run's owner record
  double modelWriteSeconds = 3.0;  // how often model.pt (the newest weights, for followers) is replaced
  TimelinePolicy timeline;         // which weights-only snapshots the run keeps
  bool allowOtherData = false;     // resume() even when the data is not the run's (it says so)
  int64_t autosaveSteps = 0;       // also save every this many steps (0: never; CLI --autosave-steps)
  // A rank of a data-parallel job (core/dist): null trains alone. Rank 0 alone writes the run; the others are
  // given no run directory, take their weights and training state from rank 0 and agree on every decision.
  std::shared_ptr<GradientSync> gradientSync;
  int cudaDeviceIndex = 0;  // the GPU for --device cuda (a job's LOCAL_RANK)
  // The trainer thread's (and its OpenMP team's) nice value on Linux. The window sets it above 0 so that its
  // frames, rendered in software on the same cores, are not preempted by training (docs/architecture.md).
  int niceness = 0;
};

class Trainer {
 public:
  // A new run on `data`. With a non-empty runDir, the run directory is created, config.json and a first
  // checkpoint at step 0 are written at once. Throws latentlab::Error for a bad config or an unwritable dir.
  Trainer(std::shared_ptr<const Dataset> data, const TrainConfig& config, const std::filesystem::path& runDir,
          const TrainerOptions& options = {});
  // Continues the run saved in runDir at the step it was saved, becoming its writer (refused while another
  // live process writes it). `data` must be the data the run was trained on (shape, counts and content
  // fingerprint; see options.allowOtherData); otherwise latentlab::Error says what differs.
  static std::unique_ptr<Trainer> resume(std::shared_ptr<const Dataset> data, const std::filesystem::path& runDir,
                                         const TrainerOptions& options = {});
  ~Trainer();  // stops within one step, saves (when there is a run dir), joins the thread
  Trainer(const Trainer&) = delete;
  Trainer& operator=(const Trainer&) = delete;

  // Commands: queued, executed by the trainer thread between steps. They return at once.
  void start();     // idle/paused/finished -> running (finished: extends the plan by config epochs)
  void pause();     // running -> paused (autosaves)
  void resume();    // paused -> running
  void stepOnce();  // paused/idle: run exactly one step, stay paused
  void stop();      // -> finished after saving; training can start again later
  void setLearningRate(double lr);
  void setBeta(double beta);
  void setTotalSteps(int64_t steps);                 // change the plan (e.g. more epochs)
  void save();                                       // checkpoint now (needs a run dir)
  void saveAs(const std::filesystem::path& runDir);  // writes the run to a new directory and keeps using it
  void refreshLatents();                             // recompute the data set's latent codes soon
  void setLatentRefreshSeconds(double seconds);
  // The threads training computes with from its next step on (0: as the trainer started). Cheap, from any thread:
  // the window calls it every frame, giving a core back while the user works it (app/explorer/training_threads.h). Takes
  // effect where LibTorch runs on OpenMP, as Debian's does; elsewhere the count it started with stays.
  void setComputeThreads(int threads);

  // Waits until the thread has executed every command sent so far (tests, the CLI's final save).
  void sync();
  // CRC-32 of every weight and buffer, computed on the trainer thread: the ranks of a job compare theirs.
  std::string weightsDigest();
  // Blocks until training finishes, stops, pauses or an error happens; returns the state then. CLI use.
  TrainerState waitWhileRunning();

  std::shared_ptr<const Snapshot> snapshot() const;  // latest published snapshot, never null
  TrainerState state() const;
  int64_t step() const;

 private:
  Trainer();
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace latentlab
