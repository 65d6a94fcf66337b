// The trainer's run directory: taking ownership, the appended logs, saves, model.pt and the timeline
// (docs/run-format.md). Runs on the trainer thread, like every other use of the model.
#include <nlohmann/json.hpp>

#include <algorithm>

#include "io/atomic_file.h"
#include "run/run_recovery.h"
#include "train/trainer_impl.h"
#include "util/error.h"

namespace latentlab {

void Trainer::Impl::saveNow() {
  if (!run) return;
  ++lastSave.sequence;
  lastSave.step = progress.step;
  lastSave.path = run->root().string();
  try {
    // The logs first: a checkpoint must never be ahead of them (readers drop rows past a resumed step, so rows
    // ahead of the checkpoint are harmless). A new run gets config.json only after its first checkpoint:
    // config.json is what makes a folder a run, so a run that has one can always be opened
    // (core/run/run_recovery.h). Later saves write it first, so that a save failing there leaves the checkpoint
    // as it was (config.json only carries the live lr and beta, which the checkpoint's record also holds).
    const bool creating = !runHasConfig;
    metricsLog.sync();
    eventLog.sync();
    if (!creating) run->writeConfig(toJson(config));
    saveCheckpoint(*run, *model, config, progress, noise);
    if (creating) run->writeConfig(toJson(config));
    runHasConfig = true;
    writeModelFiles(true);
    lastSavedStep = progress.step;
    lastAutosave = Clock::now();
    lastSave.ok = true;
    lastSave.error = {};
  } catch (const std::exception& e) {
    // Every write reports its own errors (core/io/atomic_file.h): the previous checkpoint is still in place.
    // Training stops here rather than running on with nothing recorded; the user frees space and resumes.
    const bool wasRunning = running();
    error = failureOf("saving failed", e,
                      wasRunning ? "the previous save is intact; training paused" : "the previous save is intact");
    lastSave.ok = false;
    lastSave.error = error;
    log(error.text());
    if (wasRunning) setState(TrainerState::Paused);
  }
}

// Makes `root` this trainer's run directory: takes ownership (refused while another live process writes it),
// opens the appended logs. A fresh directory gets the whole record so far (Save As copies a run).
void Trainer::Impl::attachRun(const std::filesystem::path& root, bool fresh) {
  const RunDirectory target = fresh ? RunDirectory::create(root) : RunDirectory::open(root);
  const auto absolute = std::filesystem::absolute(target.root()).lexically_normal();
  const bool unfinished = fresh && isUnfinishedRun(absolute);  // before our own owner.json is there
  std::string note;
  auto ownership = RunOwnership::acquire(absolute, options.program, &note);
  if (unfinished) {  // only now: while another process was creating it, acquire() refused us
    clearUnfinishedRun(absolute);
    note += std::string(note.empty() ? "" : "; ") + "'" + root.string() +
            "' held a run whose creation was interrupted before its first save: creating the run there again";
  }
  AppendLog metrics(absolute / kMetricsLogFile, metricsHeader(model->seriesNames()));
  const bool eventsExisted = std::filesystem::exists(absolute / kEventLogFile);
  AppendLog events(absolute / kEventLogFile, "");
  if (fresh) {
    for (int64_t row = 0; row < history.rows(); ++row) {
      std::vector<float> values(history.series());
      for (size_t s = 0; s < values.size(); ++s) values[s] = history.value(s, row);
      metrics.add(metricsRow(history.step(row), values.data(), values.size()));
    }
  }
  if (fresh || !eventsExisted) {  // a new directory, or a format-1 run that kept its events in the checkpoint
    for (const auto& e : progress.epochs) events.add(epochLine(e));
    for (const auto& e : progress.events) events.add(eventLine(e, false));
  }
  if (fresh && run) {  // Save As: the timeline comes along
    std::error_code ec;
    std::filesystem::copy(run->root() / kTimelineDir, absolute / kTimelineDir,
                          std::filesystem::copy_options::recursive | std::filesystem::copy_options::skip_existing, ec);
  }
  owner.reset();  // let go of the previous run first (its record says "closed")
  run = RunDirectory::create(absolute);
  runHasConfig = !fresh;
  owner = std::move(ownership);
  metricsLog = std::move(metrics);
  eventLog = std::move(events);
  timelineSteps.clear();
  for (const auto& e : listTimeline(absolute)) timelineSteps.push_back(e.step);
  modelWrittenStep = -1;
  if (!note.empty()) {
    message = note;
    log(note);
  }
}

// model.pt (the newest weights, for followers) every few seconds, and a timeline snapshot where the policy
// wants one. Weights only: a few MB for the MLP models.
void Trainer::Impl::writeModelFiles(bool force) {
  if (!run) return;
  const bool timelineDue = timelineWants(options.timeline, timelineSteps, progress.step);
  const bool modelDue = progress.step != modelWrittenStep &&
                        (force || Clock::now() - lastModelWrite >
                                      std::chrono::duration<double>(options.modelWriteSeconds));
  if (!timelineDue && !modelDue) return;
  const std::string bytes = saveWeightsArchive(*model, config, progress.step);
  if (timelineDue) {
    writeTimelineSnapshot(run->root(), progress.step, bytes, options.timeline);
    timelineSteps.push_back(progress.step);
    for (int64_t gone : timelineExcess(options.timeline, timelineSteps))
      timelineSteps.erase(std::find(timelineSteps.begin(), timelineSteps.end(), gone));
  }
  if (modelDue || timelineDue) {
    writeFileAtomic(run->root() / kLatestModelFile, bytes);
    modelWrittenStep = progress.step;
    lastModelWrite = Clock::now();
  }
}

void Trainer::Impl::flushLogs() {
  if (!run) return;
  try {
    metricsLog.flush();
    eventLog.flush();
    if (owner)
      owner->setStatus(trainerStateName(state.load()), progress.step, progress.totalSteps, sync->worldSize(),
                       running() ? imagesPerSecond : 0);
  } catch (const std::exception& e) {
    // The first failure is the one that explains (a failed save says "saving failed"): keep it.
    const Failure failure = failureOf("cannot append to the run's logs", e);
    if (error.empty()) error = failure;
    log(failure.text());
  }
}

}  // namespace latentlab
