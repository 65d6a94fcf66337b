#pragma once
// The explorer's state, shared by the panels: the data set (loaded on a worker thread), the trainer, the GUI's
// own decoder copy, the latent code under the sliders, two picked points, and the messages shown to the user.
// Everything here is touched on the main thread only; the trainer is reached through its commands and snapshots,
// and is created, resumed and destroyed on a TrainerWorker so that the frame loop never waits for it.
// Every run has a directory from its first step (runs/latentlab-run, -2, ... under the working directory), so
// closing the window or switching runs never throws training away.
#include <atomic>
#include <filesystem>
#include <future>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include <optional>

#include "data/dataset.h"
#include "import/imported_model.h"
#include "latent/code_history.h"
#include "latent/decode_worker.h"
#include "source/imported_source.h"
#include "source/model_loader.h"
#include "source/run_follower.h"
#include "source/timeline_strip.h"
#include "latent/latent_decoder.h"
#include "latent/latent_math.h"
#include "models/model_config.h"
#include "train/snapshot.h"
#include "train/trainer.h"
#include "export_queue.h"
#include "trainer_worker.h"

namespace latentlab {

// The views that decode on the DecodeWorker (imported models; the scatter's GAN points), one slot each: the latest request of a view wins.
enum DecodeSlot {
  kSlidersSlot = 0, kTraversalSlot, kManifoldSlot, kInterpolationSlot, kExportImageSlot, kExportGridSlot,
  kScatterHoverSlot, kScatterNeighbourSlot  // a GAN's G(z) of the hovered point and of its neighbours
};

class Explorer {
 public:
  explicit Explorer(double testDelaySeconds = 0);  // see TrainerWorker
  ~Explorer();  // waits for every run being opened or closed to save (the window is gone by then)

  // ---- data and runs ----
  void openData(const std::string& spec);      // starts loading; a new run is created when it is there
  void newRun();                                // a fresh model on the current data with `form`, in a new directory
  // Loads the run's data if needed, then shows the run: followed while another process writes it, saved
  // (read-only) otherwise. Start (or continueHere) continues a saved run here.
  void openRun(const std::string& dir);
  void saveRun();                               // to the run's directory; says when it is done, or why it failed
  void chooseModel(ModelKind kind);             // in the form; swaps in a GAN's or a VAE's usual learning rate
  void update();                                // once per frame: finish loading, take the latest snapshot

  bool loading() const { return loading_.valid(); }
  int dataLoads() const { return dataLoads_; }            // data sets loaded (or begun) so far: tests count them
  float loadProgress() const { return progress_.load(); }
  const std::string& loadingSpec() const { return loadingSpec_; }
  struct FailedData {
    std::string spec, error;  // both empty once a load succeeded
  };
  const FailedData& failedData() const { return failedData_; }  // the last data load, when it failed
  bool opening() const { return worker_.building(); }       // a run is being created or resumed
  int closing() const { return worker_.closing(); }         // earlier runs still saving and stopping
  // Counts the runs adopted: views cache what they drew per run, and a run's versions restart at 1.
  int64_t runGeneration() const { return runGeneration_; }

  // ---- an imported TorchScript model (README.md, "Bring your own model"; explorer_import.cpp) ----
  // Shows the model in `file`, with the data loaded (or being loaded) for its encoder; replaces the run shown.
  void openModel(const std::string& file);
  bool imported() const { return imported_ != nullptr; }
  bool importBusy() const { return imported_ && imported_->busy(); }  // still deriving its views
  bool importNeedsLatent() const { return imported_ && imported_->needsLatentSize(); }
  std::optional<ImportedInfo> importedInfo() const;
  std::string modelFile;                        // Open-model path field
  ImportOptions importOptions;                  // latent size and pixel range the user gives
  DecodeWorker& decodes() { return decodes_; }  // where imported models decode, off the frame loop
  bool decoding() const { return decodes_.active() || importBusy(); }

  // ---- training (commands; they return at once) ----
  Trainer* trainer() { return trainer_.get(); }  // only a live source has one: training controls need it
  void toggleTraining();                        // Space: start / pause / resume; continues a saved run here
  bool canContinue() const;                     // a followed or saved run that nobody writes now
  void continueHere(bool start);                // this process becomes the run's writer (off the frame loop)

  // ---- the model timeline ----
  std::optional<int64_t> timelineStep() const { return timelineStep_; }  // nullopt: the newest model ("Live")
  void showTimelineStep(std::optional<int64_t> step);
  bool timelineLoading() const;                 // the chosen step's model is being loaded
  void exportTimelineStrip();                   // the sliders' code decoded by every timeline model, one PNG
  bool exportingStrip() const { return strip_.valid(); }
  // Changes whenever the model the views show is replaced by another one, not by training: another run, or
  // another step of the timeline. Views redraw at once when it changes.
  int64_t modelGeneration() const { return runGeneration_ * 1000003 + timelineGeneration_; }

  // ---- latent exploration (the code's history, seeds and truncation: explorer_codes.cpp) ----
  int latentDims() const { return decoder_.latentDims(); }
  std::vector<float> code;                      // the sliders
  int pickA = -1, pickB = -1;                   // picked scatter points (indices into snapshot latents)
  void randomCode();                            // the code of a random seed (R)
  void resetCode();
  void setCodeFromPoint(int index);
  void setCodeFromSeed(uint64_t seed);          // codeFromSeed: the same code as `latentlab-cli sample --seed`
  // Records the code as it is now in the history (the end of a slider or pad drag); the setters above record.
  void commitCode(const std::string& origin);
  void historyBack();                           // Alt+Left
  void historyForward();                        // Alt+Right
  const CodeHistory& history() const { return history_; }
  std::optional<uint64_t> codeSeed;             // the seed of the code shown, until the code changes otherwise
  // Truncation (a GAN's): the sliders' image and the sample grid decode truncateCode(code, truncation).
  float truncation = 1.0f;
  bool truncates() const;                       // the model shown is a GAN
  Code decodedCode() const;                     // what the sliders' image decodes: the code, truncated for a GAN
  void pickRandomPoints();                      // two random scatter points as the interpolation's ends
  Image decodeCode();                           // the image under the sliders
  const LatentDecoder& decoder() const { return decoder_; }
  std::vector<float> pointCode(int index) const;
  Image dataImage(int index) const;             // train-split image behind a scatter point (VAE)

  // ---- exports into the run's exports/ ----
  void exportCurrentImage();
  void exportSampleGrid();
  void exportImage(const std::string& stem, const Image& image);
  void exportLossCsv();
  void exportLatentCsv();
  void exportEverything();                      // Ctrl+E
  bool exporting() const { return exports_.busy(); }

  // ---- what the panels read ----
  std::shared_ptr<const Snapshot> snapshot;     // latest, never null once a run exists
  std::shared_ptr<const Dataset> data;
  TrainConfig form;                             // the New-run form
  std::string openDir;                          // Open-run path field
  std::string error, info;                      // shown in the status bar
  double infoTime = 0;
  bool autostart = false;
  std::string lastExport;                       // path of the last exported file
  std::vector<std::string> exportedFiles;       // absolute paths of the last batch of exports (Ctrl+E: all four)

 private:
  void adoptData(std::shared_ptr<const Dataset> loaded);
  void startBuild(std::function<std::unique_ptr<Trainer>()> make, const std::string& doneMessage);
  void adoptTrainer(std::unique_ptr<Trainer> next);
  void followSave();                            // reports the save the user asked for once it is done
  void showFollower(std::unique_ptr<RunFollower> follower);
  void showNewRun(std::shared_ptr<const Snapshot> first);
  void setCode(Code next, const std::string& origin);  // the code shown becomes `next`, recorded in the history
  void resizeCode(int dims);
  void showFromHistory(const Code& entry);      // Back or Forward reached this entry                    // a model of another latent size: the origin, a fresh history
  void closeImported();                         // on the worker: its views may be being derived
  // Exports of an imported model: asked of the DecodeWorker, written by finishExports() when the images are back.
  void exportOnWorker(DecodeSlot slot, const std::string& stem, std::vector<Code> codes, int columns);
  void finishExports();
  struct PendingExport {
    uint64_t ticket = 0;
    std::string stem;
    int columns = 0;  // 0: one image as it is; else a grid
  };
  std::map<int, PendingExport> pendingExports_;
  void applyTimeline();                         // replaces the model fields of `snapshot` by the chosen step's
  void finishStrip();
  bool dataMatches(const TrainConfig& config) const;
  void openRunOn(const std::string& dir, bool dataJustLoaded);  // openRun; a second load is never begun
  std::function<std::filesystem::path()> exportFolder() const;
  // Queues an export: `bytes` makes the file's contents on the export thread (it must capture what it needs).
  void exportFile(const std::string& stem, const std::string& extension, std::function<std::string()> bytes);
  void collectExports();                        // each frame: say what the export thread wrote or why it could not
  void report(const std::string& message);
  void fail(const std::string& message);

  std::unique_ptr<Trainer> trainer_;            // the live source, or
  std::unique_ptr<RunFollower> follower_;       // a followed or saved run, or
  std::unique_ptr<ImportedSource> imported_;    // an imported model (exactly one of the three, or none)
  std::string modelToOpen_;                     // open this model once the data being loaded is there
  std::string importErrorShown_;                // the imported source's error, said once in the status line
  DecodeWorker decodes_;
  TrainConfig dataLoadedWith_, loadingWith_;    // the spec and loader options of `data`, of the data loading
  bool startAfterBuild_ = false;
  std::optional<int64_t> timelineStep_;
  int64_t timelineGeneration_ = 0;
  std::unique_ptr<ModelLoader> timelineLoader_;
  std::string timelineLoaderRun_;               // run directory and generation the loader was made for
  uint64_t timelineRequest_ = 0;
  std::shared_ptr<const LoadedModel> timelineModel_;
  std::future<TimelineStrip> strip_;
  LatentDecoder decoder_;
  CodeHistory history_;
  int64_t runGeneration_ = 0;
  std::string builtMessage_;                    // said once the trainer being built is adopted
  int64_t saveAskedAfter_ = -1;                 // lastSave.sequence when the user asked to save (-1: not asked)
  std::future<std::shared_ptr<const Dataset>> loading_;
  std::string loadingSpec_;
  FailedData failedData_;
  std::atomic<float> progress_{0};
  int dataLoads_ = 0;
  std::atomic<bool> cancel_{false};
  std::string runToOpen_;                       // continue this run once its data has loaded
  ExportQueue exports_;
  std::vector<std::string> exportedBatch_;      // written since the queue was last idle, said once all are done
  TrainerWorker worker_;                        // last member: destroyed first, after the trainers handed to it
};

}  // namespace latentlab
