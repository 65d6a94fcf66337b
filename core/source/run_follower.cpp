#include "source/run_follower.h"

#include <sys/stat.h>

#include <nlohmann/json.hpp>

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>

#include "run/run_directory.h"
#include "run/run_log.h"
#include "run/run_owner.h"
#include "run/timeline.h"
#include "source/model_loader.h"
#include "run/checkpoint.h"
#include "util/compute_threads.h"
#include "util/error.h"

namespace latentlab {
namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

namespace {

// Identifies a version of a file replaced by rename: a new inode, size or mtime means new content.
std::string fileVersion(const fs::path& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) return "";
  return std::to_string(st.st_ino) + ":" + std::to_string(st.st_size) + ":" + std::to_string(st.st_mtim.tv_sec) + "." +
         std::to_string(st.st_mtim.tv_nsec);
}

TrainerState stateOf(const std::string& ownerState) {
  if (ownerState == "running") return TrainerState::Running;
  if (ownerState == "paused") return TrainerState::Paused;
  if (ownerState == "stopping") return TrainerState::Stopping;
  if (ownerState == "idle" || ownerState == "starting") return TrainerState::Idle;
  return TrainerState::Finished;
}

}  // namespace

struct RunFollower::Impl {
  fs::path dir;
  std::shared_ptr<const Dataset> data;
  FollowOptions options;
  TrainConfig config;
  std::string configVersion;
  MetricsHistory history;
  RunRecord record;
  std::unique_ptr<MetricsLogReader> metrics;
  std::unique_ptr<EventLogReader> events;
  std::unique_ptr<ModelLoader> loader;
  std::string modelVersion;  // of the file last requested
  Failure modelError;        // why the newest model file could not be shown (shown until one loads)
  uint64_t shownRequest = 0;
  ModelView view;
  std::shared_ptr<const LatentCodes> latents;
  Clock::time_point lastLatents{}, lastNewRows = Clock::now();
  int64_t decoderVersion = 0, snapshotVersion = 0;
  int64_t speedStep = -1;  // step and time the speed is measured from
  Clock::time_point speedTime;
  double speed = 0;  // images per second, smoothed

  mutable std::mutex mutex;
  std::condition_variable wake, polled;
  bool quit = false, pollRequested = false;
  uint64_t polls = 0;
  std::shared_ptr<const Snapshot> snapshot;
  std::thread thread;

  void readConfig() {
    const std::string version = fileVersion(dir / RunDirectory::kConfigFile);
    if (version == configVersion) return;
    config = trainConfigFromJson(RunDirectory::open(dir).readConfig());
    configVersion = version;
  }

  // The newest weights: model.pt, or the checkpoint of a run written before model.pt existed.
  fs::path newestModelFile() const {
    const fs::path latest = dir / kLatestModelFile;
    return fs::exists(latest) ? latest : dir / kCheckpointFile;
  }

  void pollModel() {
    if (!options.loadModels) return;
    if (!loader) loader = std::make_unique<ModelLoader>(config, data, options.maxLatentPoints);
    const fs::path file = newestModelFile();
    const std::string version = fileVersion(file);
    const bool latentsDue =
        data && Clock::now() - lastLatents > std::chrono::duration<double>(options.latentRefreshSeconds);
    // Codes older than the model shown (the last model file came too soon after the last codes) are brought up to
    // date once due, even when no newer file comes: a finished run's scatter shows its last step.
    const bool codesBehind = latents && latents->step != view.step;
    if (!version.empty() && !loader->busy() && (version != modelVersion || (codesBehind && latentsDue))) {
      modelVersion = version;
      loader->request(file, latentsDue || !latents);
      if (latentsDue || !latents) lastLatents = Clock::now();
    }
    const auto loaded = loader->latest();
    if (loaded && loaded->request != shownRequest) {
      shownRequest = loaded->request;
      modelError = loaded->error;
      if (loaded->error.empty()) {
        view = loaded->view;
        ++decoderVersion;
        if (loaded->latents) {
          auto codes = std::make_shared<LatentCodes>(*loaded->latents);
          codes->version = latents ? latents->version + 1 : 1;
          latents = std::move(codes);
        }
      } else {
        modelVersion.clear();  // replaced while we read it, or damaged: try again at the next poll
      }
    }
  }

  void pollOnce() {
    readConfig();
    if (!metrics) {
      metrics = std::make_unique<MetricsLogReader>(dir);
      events = std::make_unique<EventLogReader>(dir);
    }
    if (metrics->poll(history)) lastNewRows = Clock::now();
    events->poll(record);
    const auto owner = readOwner(dir);
    const double now = wallClockSeconds();
    const bool alive = owner && ownerAlive(*owner, now);
    pollModel();

    auto snap = std::make_shared<Snapshot>();
    snap->version = ++snapshotVersion;
    snap->config = config;
    snap->runDir = dir.string();
    snap->source.kind = alive ? SourceKind::Followed : SourceKind::Saved;
    if (owner) {
      snap->source.writer = describeOwner(*owner);
      snap->source.heartbeatAge = std::max(0.0, now - owner->heartbeatAt);
    }
    snap->source.dataAge = std::chrono::duration<double>(Clock::now() - lastNewRows).count();
    if (!alive)
      snap->source.note = owner && owner->state != "closed"
                              ? "the writer stopped without closing the run (no heartbeat): it can be continued here"
                              : "nobody writes this run now: it can be continued here";
    snap->state = alive ? stateOf(owner->state) : TrainerState::Finished;
    const int64_t logged = history.lastStep() + 1;
    snap->step = std::max<int64_t>(logged, alive && owner ? owner->step : 0);
    if (!alive) snap->step = std::max<int64_t>(logged, view.step);
    // Epochs need the data set's size: without data (latentlab-cli follow) they are not counted.
    if (data && data->train.size() > 0) snap->stepsPerEpoch = (data->train.size() + config.batch - 1) / config.batch;
    snap->epoch = snap->stepsPerEpoch ? snap->step / snap->stepsPerEpoch : 0;
    snap->totalSteps = owner && owner->totalSteps > 0 ? owner->totalSteps
                       : config.steps > 0             ? config.steps
                                                      : config.epochs * snap->stepsPerEpoch;
    snap->history = history;
    snap->epochs = record.epochs;
    snap->events = record.events;
    showModel(*snap, view);
    snap->decoderVersion = decoderVersion;
    snap->latents = latents;
    if (!modelError.empty()) snap->error = {"cannot show the model", modelError.why, modelError.todo};
    for (const auto& entry : listTimeline(dir)) snap->timeline.push_back(entry.step);
    if (metrics->damagedLines() > 0)
      snap->message = std::to_string(metrics->damagedLines()) + " damaged line(s) in metrics.csv were skipped";
    // Speed from the steps seen between polls (not from the first poll, which finds the whole run at once).
    const auto polledAt = Clock::now();
    if (alive && speedStep >= 0 && snap->step >= speedStep) {
      const double seconds = std::chrono::duration<double>(polledAt - speedTime).count();
      if (seconds >= 1.0) {
        const double current = double(snap->step - speedStep) * config.batch / seconds;
        speed = speed > 0 ? 0.7 * speed + 0.3 * current : current;
        speedStep = snap->step;
        speedTime = polledAt;
      }
    } else {
      speed = 0;
      speedStep = alive ? snap->step : -1;
      speedTime = polledAt;
    }
    snap->imagesPerSecond = speed;
    if (snap->imagesPerSecond > 0 && alive && snap->totalSteps > snap->step)
      snap->etaSeconds = double(snap->totalSteps - snap->step) * config.batch / snap->imagesPerSecond;
    std::lock_guard<std::mutex> lock(mutex);
    snapshot = std::move(snap);
  }

  void loop() {
    becomeWorkerThread("ll-follower");
    while (true) {
      try {
        pollOnce();
      } catch (const std::exception& e) {
        auto snap = std::make_shared<Snapshot>(*snapshot);  // keep what we had; say what went wrong
        snap->error = failureOf("cannot read the run", e);
        std::lock_guard<std::mutex> lock(mutex);
        snapshot = std::move(snap);
      }
      std::unique_lock<std::mutex> lock(mutex);
      ++polls;
      polled.notify_all();
      wake.wait_for(lock, std::chrono::duration<double>(options.pollSeconds), [&] { return quit || pollRequested; });
      pollRequested = false;
      if (quit) return;
    }
  }
};

RunFollower::RunFollower(const fs::path& runDir, std::shared_ptr<const Dataset> data, FollowOptions options)
    : impl_(std::make_unique<Impl>()) {
  impl_->dir = fs::absolute(RunDirectory::open(runDir).root()).lexically_normal();
  impl_->data = std::move(data);
  impl_->options = options;
  impl_->readConfig();
  auto first = std::make_shared<Snapshot>();
  first->config = impl_->config;
  first->runDir = impl_->dir.string();
  first->source.kind = SourceKind::Saved;
  first->state = TrainerState::Finished;
  impl_->snapshot = std::move(first);
  impl_->thread = std::thread([impl = impl_.get()] { impl->loop(); });
}

RunFollower::~RunFollower() {
  {
    std::lock_guard<std::mutex> lock(impl_->mutex);
    impl_->quit = true;
  }
  impl_->wake.notify_all();
  impl_->thread.join();
}

std::shared_ptr<const Snapshot> RunFollower::snapshot() const {
  std::lock_guard<std::mutex> lock(impl_->mutex);
  return impl_->snapshot;
}

SourceAbilities RunFollower::abilities() const {
  const auto snap = snapshot();
  SourceAbilities can;
  can.continueHere = snap->version > 0 && snap->source.kind == SourceKind::Saved;
  can.timeline = true;
  can.encode = encodes(*snap);
  return can;
}

bool RunFollower::busy() const { return snapshot()->version == 0; }

void RunFollower::pollNow() {
  std::lock_guard<std::mutex> lock(impl_->mutex);
  impl_->pollRequested = true;
  impl_->wake.notify_all();
}

void RunFollower::waitForPoll() {
  std::unique_lock<std::mutex> lock(impl_->mutex);
  const uint64_t target = impl_->polls + 2;  // one may be under way already, with older files
  impl_->pollRequested = true;
  impl_->wake.notify_all();
  impl_->polled.wait(lock, [&] { return impl_->polls >= target || impl_->quit; });
}

}  // namespace latentlab
