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
  if (!writer.run) return;
  ++writer.lastSave.sequence;
  writer.lastSave.step = plan.progress.step;
  writer.lastSave.path = writer.run->root().string();
  try {
    // The logs first: a checkpoint must never be ahead of them (readers drop rows past a resumed step, so rows
    // ahead of the checkpoint are harmless). A new run gets config.json only after its first checkpoint:
    // config.json is what makes a folder a run, so a run that has one can always be opened
    // (core/run/run_recovery.h). Later saves write it first, so that a save failing there leaves the checkpoint
    // as it was (config.json only carries the live lr and beta, which the checkpoint's record also holds).
    const bool creating = !writer.runHasConfig;
    writer.metricsLog.sync();
    writer.eventLog.sync();
    if (!creating) writer.run->writeConfig(toJson(config));
    saveCheckpoint(*writer.run, *model, config, plan.progress, noise);
    if (creating) writer.run->writeConfig(toJson(config));
    writer.runHasConfig = true;
    writeModelFiles(true);
    writer.lastSavedStep = plan.progress.step;
    writer.lastAutosave = Clock::now();
    writer.lastSave.ok = true;
    writer.lastSave.error = {};
  } catch (const std::exception& e) {
    // Every write reports its own errors (core/io/atomic_file.h): the previous checkpoint is still in place.
    // Training stops here rather than running on with nothing recorded; the user frees space and resumes.
    const bool wasRunning = running();
    error = failureOf("saving failed", e,
                      wasRunning ? "the previous save is intact; training paused" : "the previous save is intact");
    writer.lastSave.ok = false;
    writer.lastSave.error = error;
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
    for (int64_t row = 0; row < plan.history.rows(); ++row) {
      std::vector<float> values(plan.history.series());
      for (size_t s = 0; s < values.size(); ++s) values[s] = plan.history.value(s, row);
      metrics.add(metricsRow(plan.history.step(row), values.data(), values.size()));
    }
  }
  if (fresh || !eventsExisted) {  // a new directory, or a format-1 run that kept its events in the checkpoint
    for (const auto& e : plan.progress.epochs) events.add(epochLine(e));
    for (const auto& e : plan.progress.events) events.add(eventLine(e, false));
  }
  if (fresh && writer.run) {  // Save As: the timeline comes along
    std::error_code ec;
    std::filesystem::copy(writer.run->root() / kTimelineDir, absolute / kTimelineDir,
                          std::filesystem::copy_options::recursive | std::filesystem::copy_options::skip_existing, ec);
  }
  writer.owner.reset();  // let go of the previous run first (its record says "closed")
  writer.run = RunDirectory::create(absolute);
  writer.runHasConfig = !fresh;
  writer.owner = std::move(ownership);
  writer.metricsLog = std::move(metrics);
  writer.eventLog = std::move(events);
  writer.timelineSteps.clear();
  for (const auto& e : listTimeline(absolute)) writer.timelineSteps.push_back(e.step);
  writer.modelWrittenStep = -1;
  if (!note.empty()) {
    message = note;
    log(note);
  }
}

// model.pt (the newest weights, for followers) every few seconds, and a timeline snapshot where the policy
// wants one. Weights only: a few MB for the MLP models.
void Trainer::Impl::writeModelFiles(bool force) {
  if (!writer.run) return;
  const bool timelineDue = timelineWants(options.timeline, writer.timelineSteps, plan.progress.step);
  const bool modelDue =
      plan.progress.step != writer.modelWrittenStep &&
      (force || Clock::now() - writer.lastModelWrite > std::chrono::duration<double>(options.modelWriteSeconds));
  if (!timelineDue && !modelDue) return;
  const std::string bytes = saveWeightsArchive(*model, config, plan.progress.step);
  if (timelineDue) {
    writeTimelineSnapshot(writer.run->root(), plan.progress.step, bytes, options.timeline);
    writer.timelineSteps.push_back(plan.progress.step);
    for (int64_t gone : timelineExcess(options.timeline, writer.timelineSteps))
      writer.timelineSteps.erase(std::find(writer.timelineSteps.begin(), writer.timelineSteps.end(), gone));
  }
  if (modelDue || timelineDue) {
    writeFileAtomic(writer.run->root() / kLatestModelFile, bytes);
    writer.modelWrittenStep = plan.progress.step;
    writer.lastModelWrite = Clock::now();
  }
}

void Trainer::Impl::flushLogs() {
  if (!writer.run) return;
  try {
    writer.metricsLog.flush();
    writer.eventLog.flush();
    if (writer.owner)
      writer.owner->setStatus(trainerStateName(shared.state.load()), plan.progress.step, plan.progress.totalSteps,
                              sync->worldSize(), running() ? speed.imagesPerSecond : 0);
  } catch (const std::exception& e) {
    // The first failure is the one that explains (a failed save says "saving failed"): keep it.
    const Failure failure = failureOf("cannot append to the run's logs", e);
    if (error.empty()) error = failure;
    log(failure.text());
  }
}

}  // namespace latentlab
