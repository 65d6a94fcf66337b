#include "explorer.h"

#include <nlohmann/json.hpp>

#include "run/run_directory.h"
#include "source/live_source.h"
#include "source/run_follower.h"
#include "train/trainer.h"

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

Explorer::Explorer(StatusLine::Clock clock, double testDelaySeconds)
    : status_(std::move(clock)), exports_(testDelaySeconds), worker_(testDelaySeconds) {}

Explorer::~Explorer() {
  // Every source goes to the worker, whose destructor finishes the jobs: each run stops within a step, saves and
  // joins before the program exits.
  try {
    worker_.retire(worker_.waitBuilt());
  } catch (const std::exception&) {
    // a run that could not be created has nothing to save
  }
  worker_.retire(std::move(source_));
}

void Explorer::openData(const std::string& spec) {
  if (!dataLoad_.start(spec, form_.settings)) {
    status_.fail("still loading '" + dataLoad_.spec() + "': wait for it to finish");
    return;
  }
  status_.clearFailure();
}

void Explorer::adoptData(std::shared_ptr<const Dataset> loaded) {
  data_ = std::move(loaded);
  dataLoadedWith_ = dataLoad_.settings();
  TrainConfig& form = form_.settings;
  form.dataSpec = data_->spec;
  form.model.channels = int(data_->channels());
  form.model.height = int(data_->height());
  form.model.width = int(data_->width());
  status_.say("opened " + data_->name + ": " + std::to_string(data_->train.size()) + " training images");
}

// A fresh directory for every new run, so that nothing trained is ever lost: runs/latentlab-run, then -2, -3...
// under the working directory, never anything that exists already. Absolute, so the window shows where it is.
static std::filesystem::path freshRunDir() {
  const auto base = std::filesystem::absolute(std::filesystem::path("runs") / "latentlab-run");
  std::filesystem::path dir = base;
  for (int n = 2; std::filesystem::exists(dir); ++n) dir = base.string() + "-" + std::to_string(n);
  return dir;
}

bool Explorer::refuseWhileOpening() {
  if (!opening()) return false;
  status_.fail("still opening a run: wait for it to finish");
  return true;
}

void Explorer::startBuild(std::function<std::unique_ptr<Source>()> make, const std::string& doneMessage) {
  if (refuseWhileOpening()) return;
  worker_.build(std::move(make));
  afterBuild_.message = doneMessage;
  status_.clearFailure();
}

void Explorer::newRun() {
  if (!data_) {
    status_.fail("no data set yet: choose one and press Load");
    return;
  }
  if (refuseWhileOpening()) return;
  try {
    TrainConfig config = form_.settings;
    config.dataSpec = data_->spec;
    config.model.channels = int(data_->channels());
    config.model.height = int(data_->height());
    config.model.width = int(data_->width());
    validate(config);  // a bad value is said at once, and the current run keeps going
    const auto dir = freshRunDir();
    startBuild(
        [data = data_, config, dir] {
          return std::make_unique<LiveSource>(std::make_unique<Trainer>(data, config, dir, guiTrainerOptions()));
        },
        std::string("new ") + modelKindName(config.model.kind) + " with latent size " +
            std::to_string(config.model.latent) + " in " + dir.string());
  } catch (const std::exception& e) {
    status_.fail(e.what());
  }
}

bool Explorer::dataMatches(const TrainConfig& config) const {
  const TrainConfig& had = dataLoadedWith_;
  const auto& data = data_;
  return data && had.dataSpec == config.dataSpec && had.dataSize == config.dataSize &&
         had.dataChannels == config.dataChannels && had.dataSeed == config.dataSeed &&
         data->channels() == config.model.channels && data->height() == config.model.height &&
         data->width() == config.model.width;
}

void Explorer::openRun(const std::string& dir) { openRunOn(dir, false); }

// The run's data is loaded once with the options it recorded; when what loads still does not fit the run (its
// files changed: an RGB image added to a gray folder), that is the answer, said once, never another load.
void Explorer::openRunOn(const std::string& dir, bool dataJustLoaded) {
  if (refuseWhileOpening()) return;
  try {
    const RunDirectory run = RunDirectory::open(dir);
    const TrainConfig config = trainConfigFromJson(run.readConfig());
    form_.settings = config;  // the form shows what the run was made with, its target (epochs or steps) included
    if (!dataMatches(config) && dataJustLoaded) {
      const auto& m = config.model;
      const auto& data = data_;
      status_.fail("cannot open " + dir + ": the run was trained on " + std::to_string(m.channels) + "x" +
                   std::to_string(m.height) + "x" + std::to_string(m.width) + " images, but '" + config.dataSpec +
                   "' now loads as " + std::to_string(data->channels()) + "x" + std::to_string(data->height()) + "x" +
                   std::to_string(data->width()) +
                   " images (its files changed since). Restore the run's data to open it");
      return;
    }
    if (!dataMatches(config)) {  // the run's own data, loaded with the options it recorded
      afterLoad_.run = dir;
      openData(config.dataSpec);
      return;
    }
    // The run open now is closed first when it is the one asked for: one writer at a time; the follower shows
    // it as written by this process until the final save, then as saved.
    auto follower = std::make_unique<RunFollower>(dir, data_);
    const std::string shown = follower->snapshot()->runDir;
    showSource(std::move(follower), "opened " + shown);
  } catch (const std::exception& e) {
    status_.fail(e.what());  // the current run keeps going
  }
}

// Everything the views showed belonged to the previous source: they re-derive from this one. The previous one
// closes on the worker (a live one saves into its own directory).
void Explorer::showSource(std::unique_ptr<Source> next, const std::string& message) {
  worker_.retire(std::move(source_));
  source_ = std::move(next);
  failureSaid_ = {};
  ++runGeneration_;
  timeline_.goLive();
  snapshot_ = source_->snapshot();
  decoder_.setWeights(snapshot_->decoder);
  codes_.clearPicks();
  if (codes_.dims() != snapshot_->config.model.latent) codes_.resize(snapshot_->config.model.latent);
  else codes_.set(Code(codes_.code().size(), 0.0f), "new run");
  saveAskedAfter_ = -1;
  status_.clearFailure();
  status_.say(message.empty() ? snapshot_->message : message);
  Trainer* trainer = source_->trainer();
  if (trainer && (autostart_ || std::exchange(afterBuild_.start, false))) {
    autostart_ = false;
    trainer->start();
  }
}

void Explorer::continueHere(bool start) {
  if (!source_ || !snapshot_ || source_->trainer()) return;
  if (!canContinue()) {
    if (snapshot_->source.kind == SourceKind::Followed)
      status_.fail("this run is being trained by " + snapshot_->source.writer +
                   ": it can be continued here once that stops");
    return;
  }
  if (!data_) {
    status_.fail("the run's data is not loaded");
    return;
  }
  const std::string dir = snapshot_->runDir;
  afterBuild_.start = start;
  startBuild([data = data_,
              dir] { return std::make_unique<LiveSource>(Trainer::resume(data, dir, guiTrainerOptions())); },
             "");
  if (opening()) status_.say("continuing " + dir + " here...");
}

void Explorer::chooseModel(ModelKind kind) { latentlab::chooseModel(form_.settings, kind); }

void Explorer::saveRun() {
  if (!source_ || !snapshot_) return;
  Trainer* trainer = source_->trainer();
  if (!trainer) {
    if (!snapshot_->runDir.empty())
      status_.say(snapshot_->source.kind == SourceKind::Followed
                      ? "this run is saved by its writer, " + snapshot_->source.writer
                      : "this run is saved; Start continues it here");
    else status_.say("an imported model is not saved here: its file stays as it is (Export saves what you see)");
    return;
  }
  saveAskedAfter_ = snapshot_->lastSave.sequence;
  trainer->save();
  status_.say("saving to " + snapshot_->runDir + "...");
}

// The trainer fills lastSave after every save (autosaves too); the first one after the request answers it.
void Explorer::followSave() {
  if (saveAskedAfter_ < 0 || !snapshot_ || snapshot_->lastSave.sequence <= saveAskedAfter_) return;
  saveAskedAfter_ = -1;
  const SaveReport& saved = snapshot_->lastSave;
  if (saved.ok) status_.say("saved step " + std::to_string(saved.step) + " to " + saved.path);
  else status_.fail(saved.error.empty() ? Failure{"saving to " + saved.path + " failed", "", ""} : saved.error);
}

// A source's failure (a NaN pause, a save that failed, a model file that does not fit) is said once, when it
// appears; the user may dismiss it, and it is not said again until it changes.
void Explorer::sayNewFailure() {
  const Failure& failure = snapshot_->error;
  if (failure == failureSaid_) return;
  failureSaid_ = failure;
  if (!failure.empty()) status_.fail(failure);
}

void Explorer::update() {
  collectExports();
  std::shared_ptr<const Dataset> loaded;
  if (dataLoad_.finished(loaded)) {
    if (!loaded) {
      // The data panel keeps the spec that failed (the typed path stays in its field) and shows why.
      afterLoad_.run.clear();
      status_.fail(dataLoad_.failed().error);
    } else try {
        adoptData(std::move(loaded));
        const std::string run = std::exchange(afterLoad_.run, {});
        const std::string model = std::exchange(afterLoad_.model, {});
        if (!run.empty()) openRunOn(run, true);
        else if (!model.empty()) openModel(model);
        else if (auto again = source_ ? source_->withData(data_) : nullptr)  // the same model, with the new data
          showSource(std::move(again), "opening it again with " + data_->name + "...");
        else newRun();
      } catch (const std::exception& e) {
        afterLoad_.run.clear();
        status_.fail(e.what());
      }
  }
  try {
    if (auto next = worker_.takeBuilt()) showSource(std::move(next), afterBuild_.message);
  } catch (const std::exception& e) {
    status_.fail(e.what());  // the current run, if any, keeps going
  }
  if (!source_) return;
  snapshot_ = source_->snapshot();
  sayNewFailure();
  if (autostart_ && canContinue()) {
    autostart_ = false;
    continueHere(true);
  }
  Failure timelineFailure;  // a step only a source with a timeline can show (showTimelineStep)
  snapshot_ = timeline_.apply(snapshot_, data_, runGeneration_, timelineFailure);
  if (!timelineFailure.empty()) status_.fail(timelineFailure);
  finishStrip();
  finishExports();
  // Pointer identity is safe here: the decoder keeps the weights it has alive, so their address is not reused.
  if (snapshot_->decoder && snapshot_->decoder != decoder_.weights()) {
    decoder_.setWeights(snapshot_->decoder);
    if (codes_.dims() != decoder_.latentDims()) codes_.resize(decoder_.latentDims());
  }
  followSave();
}

// A source this process does not train is continued here, or says why it cannot be (another process trains it).
void Explorer::toggleTraining() {
  Trainer* trainer = this->trainer();
  if (!trainer) {
    continueHere(true);
    return;
  }
  if (trainer->state() == TrainerState::Running) trainer->pause();
  else trainer->start();
}

void Explorer::pickRandomPoints() {
  if (snapshot_ && snapshot_->latents) codes_.pickRandom(snapshot_->latents->count);
}

std::vector<float> Explorer::pointCode(int index) const {
  if (!snapshot_ || !snapshot_->latents || index < 0 || index >= snapshot_->latents->count) return {};
  const auto& l = *snapshot_->latents;
  return {l.codes.begin() + long(index) * l.dims, l.codes.begin() + long(index + 1) * l.dims};
}

Image Explorer::dataImage(int index) const {
  if (!data_ || !snapshot_ || !snapshot_->latents || !snapshot_->latents->scores.empty()) return {};
  const int64_t train = snapshot_->latents->trainCount;
  return index < train ? imageAt(data_->train, index) : imageAt(data_->test, index - train);
}

}  // namespace latentlab
