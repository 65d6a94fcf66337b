#pragma once
// The explorer's state: the data set (loaded on a worker thread), the one source the views show (core/source:
// the live trainer, a followed or saved run, an imported model), the GUI's own decoder copy, and the parts the
// panels edit: the new-run form, the code under the sliders, and the status line. Everything here is touched on
// the main thread only; sources are made and closed on a SourceWorker so that the frame loop never waits.
// Every run has a directory from its first step (runs/latentlab-run, -2, ... under the working directory), so
// closing the window or switching runs never throws training away. No display needed: tests/app drive it.
#include <atomic>
#include <filesystem>
#include <functional>
#include <future>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "code_state.h"
#include "data_load.h"
#include "data/dataset.h"
#include "export_queue.h"
#include "latent/decode_worker.h"
#include "latent/latent_decoder.h"
#include "latent/latent_math.h"
#include "models/model_config.h"
#include "new_run_form.h"
#include "snapshot/snapshot.h"
#include "source/model_loader.h"
#include "source/source.h"
#include "source/timeline_strip.h"
#include "source_worker.h"
#include "train/trainer.h"
#include "status_line.h"
#include "timeline_view.h"

namespace latentlab {

// The views that decode on the DecodeWorker (imported models; the scatter's GAN points), one slot each: the latest
// request of a view wins.
enum DecodeSlot {
  kSlidersSlot = 0,
  kTraversalSlot,
  kManifoldSlot,
  kInterpolationSlot,
  kExportImageSlot,
  kExportGridSlot,
  kScatterHoverSlot,
  kScatterNeighbourSlot  // a GAN's G(z) of the hovered point and of its neighbours
};

class Explorer {
 public:
  // `clock`: seconds, for the status line (the window passes ImGui's). testDelaySeconds: see SourceWorker.
  explicit Explorer(StatusLine::Clock clock, double testDelaySeconds = 0);
  ~Explorer();  // waits for every run being opened or closed to save (the window is gone by then)

  // ---- the parts the panels edit ----
  NewRunForm& form() { return form_; }
  const NewRunForm& form() const { return form_; }
  CodeState& codes() { return codes_; }
  const CodeState& codes() const { return codes_; }
  StatusLine& status() { return status_; }
  const StatusLine& status() const { return status_; }

  // ---- what the views read ----
  const std::shared_ptr<const Snapshot>& snapshot() const { return snapshot_; }  // never null once a source exists
  const std::shared_ptr<const Dataset>& data() const { return data_; }
  const Source* source() const { return source_.get(); }
  SourceAbilities abilities() const { return source_ ? source_->abilities() : SourceAbilities{}; }
  // Bench hooks only (bench_hooks.h): the snapshot the views show this frame, replaced.
  void replaceShownSnapshot(std::shared_ptr<const Snapshot> shown) { snapshot_ = std::move(shown); }

  // ---- data and runs ----
  void openData(const std::string& spec);  // starts loading; a new run is created when it is there
  void newRun();                           // a fresh model on the current data with the form, in a new directory
  // Loads the run's data if needed, then shows the run: followed while another process writes it, saved
  // (read-only) otherwise. Start (or continueHere) continues a saved run here.
  void openRun(const std::string& dir);
  void saveRun();                               // to the run's directory; says when it is done, or why it failed
  void chooseModel(ModelKind kind);             // in the form; the model's defaults where the form has the old one's
  void startWhenReady() { autostart_ = true; }  // train as soon as a run is there (--autostart)
  void update();                                // once per frame: finish loading, take the latest snapshot
  // The one place the source shown is replaced, the same for every kind: the old one closes on the worker
  // (a live one saves), and every view re-derives from the new one.
  void showSource(std::unique_ptr<Source> next, const std::string& message);

  bool loading() const { return dataLoad_.loading(); }
  int dataLoads() const { return dataLoad_.loads(); }  // data sets loaded (or begun) so far: tests count them
  float loadProgress() const { return dataLoad_.progress(); }
  const std::string& loadingSpec() const { return dataLoad_.spec(); }
  const DataLoad::Failed& failedData() const { return dataLoad_.failed(); }  // the last data load, when it failed
  bool opening() const { return worker_.building(); }                        // a source is being created or resumed
  int closing() const { return worker_.closing(); }                          // earlier runs still saving and stopping
  // Counts the sources shown: views cache what they drew per source, and a run's versions restart at 1.
  int64_t runGeneration() const { return runGeneration_; }

  // ---- a model file (README.md, "Bring your own model"; explorer_import.cpp) ----
  // Shows the TorchScript model in `file`, with the data loaded (or being loaded) for its encoder, with the
  // form's import options; replaces the source shown.
  void openModel(const std::string& file);
  // The source shown opened again with the latent size the user typed.
  void reopenWithLatentSize(int latent);
  bool sourceBusy() const { return source_ && source_->busy(); }  // still deriving its views
  bool needsLatentSize() const { return source_ && source_->needsLatentSize(); }
  DecodeWorker& decodes() { return decodes_; }  // where imported models decode, off the frame loop
  bool decoding() const { return decodes_.active() || sourceBusy(); }

  // ---- training (commands; they return at once) ----
  Trainer* trainer() { return source_ ? source_->trainer() : nullptr; }  // the training controls: a live source
  void toggleTraining();  // Space: start / pause / resume; continues a saved run here
  bool canContinue() const { return abilities().continueHere; }  // a followed or saved run nobody writes now
  void continueHere(bool start);  // this process becomes the run's writer (off the frame loop)

  // ---- the model timeline (explorer_timeline.cpp) ----
  std::optional<int64_t> timelineStep() const { return timeline_.step(); }  // nullopt: the newest model ("Live")
  void showTimelineStep(std::optional<int64_t> step);
  bool timelineLoading() const { return timeline_.loading(); }  // the chosen step's model is being loaded
  void exportTimelineStrip();  // the sliders' code decoded by every timeline model, one PNG
  bool exportingStrip() const { return strip_.valid(); }
  // Changes whenever the model the views show is replaced by another one, not by training: another source, or
  // another step of the timeline. Views redraw at once when it changes.
  int64_t modelGeneration() const { return runGeneration_ * 1000003 + timeline_.generation(); }

  // ---- the model's view of the code ----
  int latentDims() const { return decoder_.latentDims(); }
  bool truncates() const;    // the model shown is a GAN: truncation applies
  Code decodedCode() const;  // what the sliders' image decodes: the code, truncated for a GAN
  Image decodeCode();        // the image under the sliders
  const LatentDecoder& decoder() const { return decoder_; }
  void setCodeFromPoint(int index);  // a scatter point's code onto the sliders
  void pickRandomPoints();           // two random scatter points as the interpolation's ends
  std::vector<float> pointCode(int index) const;
  Image dataImage(int index) const;  // train-split image behind a scatter point (VAE)

  // ---- exports into the run's exports/ (explorer_exports.cpp) ----
  void exportCurrentImage();
  void exportSampleGrid();
  void exportImage(const std::string& stem, const Image& image);
  void exportLossCsv();
  void exportLatentCsv();
  void exportEverything();  // Ctrl+E
  bool exporting() const { return exports_.busy(); }
  const std::string& lastExport() const { return exported_.last; }  // path of the last exported file
  // Absolute paths of the last batch of exports (Ctrl+E: all four).
  const std::vector<std::string>& exportedFiles() const { return exported_.files; }

 private:
  void adoptData(std::shared_ptr<const Dataset> loaded);
  void startBuild(std::function<std::unique_ptr<Source>()> make, const std::string& doneMessage);
  bool refuseWhileOpening();  // a source is being built: says so, and true
  void followSave();          // reports the save the user asked for once it is done
  void sayNewFailure();       // the source's failure, said once in the status line
  // Exports of an imported model: asked of the DecodeWorker, written by finishExports() when the images are back.
  void exportOnWorker(DecodeSlot slot, const std::string& stem, std::vector<Code> codes, int columns);
  void finishExports();
  struct PendingExport {
    uint64_t ticket = 0;
    std::string stem;
    int columns = 0;  // 0: one image as it is; else a grid
  };
  std::map<int, PendingExport> pendingExports_;
  void finishStrip();
  bool dataMatches(const TrainConfig& config) const;
  void openRunOn(const std::string& dir, bool dataJustLoaded);  // openRun; a second load is never begun
  std::function<std::filesystem::path()> exportFolder() const;
  // Queues an export: `bytes` makes the file's contents on the export thread (it must capture what it needs).
  void exportFile(const std::string& stem, const std::string& extension, std::function<std::string()> bytes);
  void collectExports();  // each frame: say what the export thread wrote or why it could not

  StatusLine status_;
  NewRunForm form_;
  CodeState codes_;
  std::shared_ptr<const Snapshot> snapshot_;
  std::shared_ptr<const Dataset> data_;
  std::unique_ptr<Source> source_;  // what the views show, or none yet
  Failure failureSaid_;             // the source's failure already said in the status line
  bool autostart_ = false;
  struct AfterLoad {
    std::string run, model;  // open this run or this model once the data being loaded is there
  } afterLoad_;
  struct AfterBuild {
    std::string message;  // said once the source being built is shown
    bool start = false;   // and training started
  } afterBuild_;
  DataLoad dataLoad_;
  TrainConfig dataLoadedWith_;  // the spec and loader options of `data_`
  DecodeWorker decodes_;
  LatentDecoder decoder_;
  int64_t runGeneration_ = 0;
  int64_t saveAskedAfter_ = -1;  // lastSave.sequence when the user asked to save (-1: not asked)
  std::future<TimelineStrip> strip_;
  ExportQueue exports_;
  struct Exported {
    std::string last;                // the last file written
    std::vector<std::string> files;  // the last batch, said once all of it was written
    std::vector<std::string> batch;  // written since the queue was last idle
  } exported_;
  SourceWorker worker_;             // destroyed before the members above, after the sources handed to it
  TimelineView timeline_{worker_};  // after the worker: its loader is closed there
};

}  // namespace latentlab
