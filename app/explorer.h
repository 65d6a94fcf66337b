#pragma once
// The explorer's state, shared by the panels: the data set (loaded on a worker thread), the trainer, the GUI's
// own decoder copy, the latent code under the sliders, two picked points, and the messages shown to the user.
// Everything here is touched on the main thread only; the trainer is reached through its commands and snapshots.
#include <atomic>
#include <filesystem>
#include <future>
#include <memory>
#include <string>
#include <vector>

#include "data/dataset.h"
#include "latent/latent_decoder.h"
#include "latent/latent_math.h"
#include "models/model_config.h"
#include "train/snapshot.h"
#include "train/trainer.h"

namespace latentlab {

class Explorer {
 public:
  Explorer();
  ~Explorer();

  // ---- data and runs ----
  void openData(const std::string& spec);      // starts loading; a new run is created when it is there
  void newRun();                                // a fresh model on the current data with `form`
  void openRun(const std::string& dir);        // loads the run's data if needed, then continues the run
  void saveRun();                               // to the run directory, or to saveDir when it has none
  void chooseModel(ModelKind kind);             // in the form; swaps in a GAN's or a VAE's usual learning rate
  void update();                                // once per frame: finish loading, take the latest snapshot

  bool loading() const { return loading_.valid(); }
  float loadProgress() const { return progress_.load(); }
  const std::string& loadingSpec() const { return loadingSpec_; }

  // ---- training (commands; they return at once) ----
  Trainer* trainer() { return trainer_.get(); }
  void toggleTraining();                        // Space: start / pause / resume

  // ---- latent exploration ----
  int latentDims() const { return decoder_.latentDims(); }
  std::vector<float> code;                      // the sliders
  int pickA = -1, pickB = -1;                   // picked scatter points (indices into snapshot latents)
  void randomCode();
  void resetCode();
  void setCodeFromPoint(int index);
  void pickRandomPoints();                      // two random scatter points as the interpolation's ends
  Image decodeCode();                           // the image under the sliders
  const LatentDecoder& decoder() const { return decoder_; }
  std::vector<float> pointCode(int index) const;
  Image dataImage(int index) const;             // train-split image behind a scatter point (VAE)

  // ---- exports into the run's exports/ (a run not saved yet is saved first, to saveDir) ----
  void exportCurrentImage();
  void exportSampleGrid();
  void exportImage(const std::string& stem, const Image& image);
  void exportLossCsv();
  void exportLatentCsv();
  void exportEverything();                      // Ctrl+E

  // ---- what the panels read ----
  std::shared_ptr<const Snapshot> snapshot;     // latest, never null once a run exists
  std::shared_ptr<const Dataset> data;
  TrainConfig form;                             // the New-run form
  std::string saveDir = "runs/latentlab-run";   // where a run without a directory is saved
  std::string openDir;                          // Open-run path field
  std::string error, info;                      // shown in the status bar
  double infoTime = 0;
  bool autostart = false;
  std::string lastExport;                       // path of the last exported file

 private:
  void adoptData(std::shared_ptr<const Dataset> loaded);
  std::filesystem::path exportPath(const std::string& stem, const std::string& extension);
  void exportFile(const std::string& stem, const std::string& extension, const std::string& bytes);
  std::string freeSaveDir();                    // saveDir, or saveDir-N when it already holds a run
  void report(const std::string& message);
  void fail(const std::string& message);

  std::unique_ptr<Trainer> trainer_;
  LatentDecoder decoder_;
  int64_t decoderVersion_ = -1;
  std::future<std::shared_ptr<const Dataset>> loading_;
  std::string loadingSpec_;
  std::atomic<float> progress_{0};
  std::atomic<bool> cancel_{false};
  std::string runToOpen_;                       // continue this run once its data has loaded
};

}  // namespace latentlab
