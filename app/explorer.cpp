#include "explorer.h"

#include <imgui.h>
#include <nlohmann/json.hpp>

#include <cmath>
#include <random>

#include "data/data_identity.h"
#include "io/run_directory.h"
#include "run/timeline.h"
#include "util/error.h"
#include "util/memory.h"

namespace latentlab {

namespace {

TrainerOptions guiTrainerOptions() {
  TrainerOptions options;
  options.publishIntervalSeconds = 0.25;
  options.latentRefreshSeconds = 3.0;
  options.autosaveSeconds = 60.0;
  // Training runs below the frame loop: the window draws in software on the same cores, and a frame that waits
  // for a training step is a stall the user sees.
  options.niceness = 5;
  return options;
}

}  // namespace

Explorer::Explorer(double testDelaySeconds) : exports_(testDelaySeconds), worker_(testDelaySeconds) {}

Explorer::~Explorer() {
  cancel_ = true;
  if (loading_.valid()) loading_.wait();
  // Every trainer goes to the worker, whose destructor (it is the last member) finishes the jobs: each run stops
  // within a step, saves and joins before the program exits.
  try {
    worker_.retire(worker_.waitBuilt());
  } catch (const std::exception&) {
    // a run that could not be created has nothing to save
  }
  worker_.retire(std::move(trainer_));
}

void Explorer::report(const std::string& message) {
  info = message;
  infoTime = ImGui::GetTime();
}

void Explorer::fail(const std::string& message) { error = message; }

void Explorer::openData(const std::string& spec) {
  if (loading()) {
    fail("still loading '" + loadingSpec_ + "': wait for it to finish");
    return;
  }
  error.clear();
  ++dataLoads_;
  loadingSpec_ = spec;
  progress_ = 0;
  cancel_ = false;
  loadingWith_ = form;
  loadingWith_.dataSpec = spec;
  DataOptions options = dataOptionsOf(form);  // the same options the CLI uses, recorded in the run
  options.cancel = &cancel_;
  options.onProgress = [this](float p, const std::string&) { progress_ = p; };
  loading_ = std::async(std::launch::async, [spec, options]() -> std::shared_ptr<const Dataset> {
    auto loaded = std::make_shared<const Dataset>(loadDataset(spec, options));
    // The files read and decompressed on the way stay in this thread's malloc arena otherwise, which the next
    // thread started inherits: 40 MB resident for Fashion-MNIST.
    releaseFreedMemory();
    return loaded;
  });
}

void Explorer::adoptData(std::shared_ptr<const Dataset> loaded) {
  data = std::move(loaded);
  dataLoadedWith_ = loadingWith_;
  form.dataSpec = data->spec;
  form.model.channels = int(data->channels());
  form.model.height = int(data->height());
  form.model.width = int(data->width());
  report("opened " + data->name + ": " + std::to_string(data->train.size()) + " training images");
}

// A fresh directory for every new run, so that nothing trained is ever lost: runs/latentlab-run, then -2, -3...
// under the working directory, never anything that exists already. Absolute, so the window shows where it is.
static std::filesystem::path freshRunDir() {
  const auto base = std::filesystem::absolute(std::filesystem::path("runs") / "latentlab-run");
  std::filesystem::path dir = base;
  for (int n = 2; std::filesystem::exists(dir); ++n) dir = base.string() + "-" + std::to_string(n);
  return dir;
}

void Explorer::startBuild(std::function<std::unique_ptr<Trainer>()> make, const std::string& doneMessage) {
  if (!worker_.build(std::move(make))) {
    fail("still opening a run: wait for it to finish");
    return;
  }
  builtMessage_ = doneMessage;
  error.clear();
}

void Explorer::newRun() {
  if (!data) {
    fail("no data set yet: choose one and press Load");
    return;
  }
  if (opening()) {
    fail("still opening a run: wait for it to finish");
    return;
  }
  try {
    TrainConfig config = form;
    config.dataSpec = data->spec;
    config.model.channels = int(data->channels());
    config.model.height = int(data->height());
    config.model.width = int(data->width());
    validate(config);  // a bad value is said at once, and the current run keeps going
    const auto dir = freshRunDir();
    startBuild([data = data, config, dir] { return std::make_unique<Trainer>(data, config, dir, guiTrainerOptions()); },
               std::string("new ") + modelKindName(config.model.kind) + " with latent size " +
                   std::to_string(config.model.latent) + " in " + dir.string());
  } catch (const std::exception& e) {
    fail(e.what());
  }
}

bool Explorer::dataMatches(const TrainConfig& config) const {
  const TrainConfig& had = dataLoadedWith_;
  return data && had.dataSpec == config.dataSpec && had.dataSize == config.dataSize &&
         had.dataChannels == config.dataChannels && had.dataSeed == config.dataSeed &&
         data->channels() == config.model.channels && data->height() == config.model.height &&
         data->width() == config.model.width;
}

void Explorer::openRun(const std::string& dir) { openRunOn(dir, false); }

// The run's data is loaded once with the options it recorded; when what loads still does not fit the run (its
// files changed: an RGB image added to a gray folder), that is the answer, said once, never another load.
void Explorer::openRunOn(const std::string& dir, bool dataJustLoaded) {
  if (opening()) {
    fail("still opening a run: wait for it to finish");
    return;
  }
  try {
    const RunDirectory run = RunDirectory::open(dir);
    const TrainConfig config = trainConfigFromJson(run.readConfig());
    form = config;  // the form shows what the run was made with, its target (epochs or steps) included
    if (!dataMatches(config) && dataJustLoaded) {
      const auto& m = config.model;
      fail("cannot open " + dir + ": the run was trained on " + std::to_string(m.channels) + "x" +
           std::to_string(m.height) + "x" + std::to_string(m.width) + " images, but '" + config.dataSpec +
           "' now loads as " + std::to_string(data->channels()) + "x" + std::to_string(data->height()) + "x" +
           std::to_string(data->width()) + " images (its files changed since). Restore the run's data to open it");
      return;
    }
    if (!dataMatches(config)) {  // the run's own data, loaded with the options it recorded
      runToOpen_ = dir;
      openData(config.dataSpec);
      return;
    }
    // The run open now is closed first when it is the one asked for: one writer at a time; the follower shows
    // it as written by this process until the final save, then as saved.
    showFollower(std::make_unique<RunFollower>(dir, data));
  } catch (const std::exception& e) {
    fail(e.what());  // the current run keeps going
  }
}

// A followed or saved run becomes what the window shows; the live run, if any, is closed on the worker.
void Explorer::showFollower(std::unique_ptr<RunFollower> follower) {
  worker_.retire(std::move(trainer_));
  closeImported();
  worker_.dispose(std::shared_ptr<RunFollower>(std::move(follower_)));
  follower_ = std::move(follower);
  showNewRun(follower_->snapshot());
  report("opened " + snapshot->runDir);
}

// Everything the views showed belonged to the previous run: they re-derive from this one.
void Explorer::showNewRun(std::shared_ptr<const Snapshot> first) {
  ++runGeneration_;
  timelineStep_.reset();
  snapshot = std::move(first);
  decoder_.setWeights(snapshot->decoder);
  pickA = pickB = -1;
  if (int(code.size()) != snapshot->config.model.latent) resizeCode(snapshot->config.model.latent);
  else setCode(Code(code.size(), 0.0f), "new run");
  saveAskedAfter_ = -1;
  error.clear();
}

bool Explorer::canContinue() const {
  return !trainer_ && follower_ && snapshot && snapshot->version > 0 && snapshot->source.kind == SourceKind::Saved;
}

void Explorer::continueHere(bool start) {
  if (!follower_ || !snapshot) return;
  if (snapshot->source.kind == SourceKind::Followed) {
    fail("this run is being trained by " + snapshot->source.writer + ": it can be continued here once that stops");
    return;
  }
  if (!data) {
    fail("the run's data is not loaded");
    return;
  }
  const std::string dir = snapshot->runDir;
  startAfterBuild_ = start;
  startBuild([data = data, dir] { return Trainer::resume(data, dir, guiTrainerOptions()); }, "");
  if (opening()) report("continuing " + dir + " here...");
}

// The new trainer takes over; the old one is closed on the worker (it saves into its own directory). Every view
// re-derives from the new run: the generation changes and the decoder is the new model's, or none yet.
void Explorer::adoptTrainer(std::unique_ptr<Trainer> next) {
  worker_.retire(std::move(trainer_));
  closeImported();
  worker_.dispose(std::shared_ptr<RunFollower>(std::move(follower_)));
  trainer_ = std::move(next);
  showNewRun(trainer_->snapshot());
  report(builtMessage_.empty() ? snapshot->message : builtMessage_);
  if (autostart || std::exchange(startAfterBuild_, false)) {
    autostart = false;
    trainer_->start();
  }
}

// Adam's usual learning rates: 1e-3 trains a VAE well, GANs need 2e-4 (DCGAN paper). Only the untouched
// default is swapped: a rate the user typed stays.
constexpr double kVaeLearningRate = 1e-3, kGanLearningRate = 2e-4;

void Explorer::chooseModel(ModelKind kind) {
  if (isGan(kind) && form.lr == kVaeLearningRate) form.lr = kGanLearningRate;
  if (!isGan(kind) && form.lr == kGanLearningRate) form.lr = kVaeLearningRate;
  form.model.kind = kind;
}

void Explorer::saveRun() {
  if (follower_ && snapshot) {
    report(snapshot->source.kind == SourceKind::Followed ? "this run is saved by its writer, " + snapshot->source.writer
                                                         : "this run is saved; Start continues it here");
    return;
  }
  if (imported_) report("an imported model is not saved here: its file stays as it is (Export saves what you see)");
  if (!trainer_ || !snapshot) return;
  saveAskedAfter_ = snapshot->lastSave.sequence;
  trainer_->save();
  report("saving to " + snapshot->runDir + "...");
}

// The trainer fills lastSave after every save (autosaves too); the first one after the request answers it.
void Explorer::followSave() {
  if (saveAskedAfter_ < 0 || !snapshot || snapshot->lastSave.sequence <= saveAskedAfter_) return;
  saveAskedAfter_ = -1;
  const SaveReport& saved = snapshot->lastSave;
  if (saved.ok) report("saved step " + std::to_string(saved.step) + " to " + saved.path);
  else fail(saved.error.empty() ? "saving to " + saved.path + " failed" : saved.error);
}

void Explorer::update() {
  collectExports();
  if (loading_.valid() && loading_.wait_for(std::chrono::seconds(0)) == std::future_status::ready) {
    std::shared_ptr<const Dataset> loaded;
    try {
      loaded = loading_.get();
      failedData_ = {};
    } catch (const std::exception& e) {
      // The data panel keeps the spec that failed (the typed path stays in its field) and shows why.
      failedData_ = {loadingSpec_, e.what()};
      runToOpen_.clear();
      fail(e.what());
    }
    if (loaded) try {
      adoptData(std::move(loaded));
      const std::string run = std::exchange(runToOpen_, {});
      const std::string model = std::exchange(modelToOpen_, {});
      if (!run.empty()) openRunOn(run, true);
      else if (!model.empty()) openModel(model);
      else if (imported_) openModel(imported_->file().string());  // the same model, with the new data
      else newRun();
    } catch (const std::exception& e) {
      runToOpen_.clear();
      fail(e.what());
    }
  }
  try {
    if (auto next = worker_.takeBuilt()) adoptTrainer(std::move(next));
  } catch (const std::exception& e) {
    fail(e.what());  // the current run, if any, keeps going
  }
  if (!trainer_ && !follower_ && !imported_) return;
  snapshot = trainer_ ? trainer_->snapshot() : follower_ ? follower_->snapshot() : imported_->snapshot();
  if (imported_ && snapshot->error != importErrorShown_) {
    importErrorShown_ = snapshot->error;
    if (!importErrorShown_.empty()) fail(importErrorShown_);
  }
  if (autostart && canContinue()) {
    autostart = false;
    continueHere(true);
  }
  applyTimeline();
  finishStrip();
  finishExports();
  // Pointer identity is safe here: the decoder keeps the weights it has alive, so their address is not reused.
  if (snapshot->decoder && snapshot->decoder != decoder_.weights()) {
    decoder_.setWeights(snapshot->decoder);
    if (int(code.size()) != decoder_.latentDims()) resizeCode(decoder_.latentDims());
  }
  followSave();
}

void Explorer::toggleTraining() {
  if (follower_) continueHere(true);
  if (!trainer_) return;
  if (trainer_->state() == TrainerState::Running) trainer_->pause();
  else trainer_->start();
}

void Explorer::pickRandomPoints() {
  if (!snapshot || !snapshot->latents || snapshot->latents->count < 2) return;
  static std::mt19937 rng(std::random_device{}());
  std::uniform_int_distribution<int> index(0, int(snapshot->latents->count) - 1);
  pickA = index(rng);
  do pickB = index(rng);
  while (pickB == pickA);
}

std::vector<float> Explorer::pointCode(int index) const {
  if (!snapshot || !snapshot->latents || index < 0 || index >= snapshot->latents->count) return {};
  const auto& l = *snapshot->latents;
  return {l.codes.begin() + long(index) * l.dims, l.codes.begin() + long(index + 1) * l.dims};
}

Image Explorer::dataImage(int index) const {
  if (!data || !snapshot || !snapshot->latents || !snapshot->latents->scores.empty()) return {};
  const int64_t train = snapshot->latents->trainCount;
  return index < train ? imageAt(data->train, index) : imageAt(data->test, index - train);
}

}  // namespace latentlab
