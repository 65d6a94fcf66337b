// The trainer's lifecycle: construction, the thread and the public face. Commands are carried out in
// trainer_commands.cpp; the training step, evaluation and the published views are in trainer_steps.cpp; the run
// directory (ownership, logs, saves, model files) in trainer_run.cpp; a data-parallel job's part in
// trainer_dist.cpp.
#include "train/trainer.h"

#include <ATen/CPUGeneratorImpl.h>
#include <ATen/Parallel.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdio>

#include "io/atomic_file.h"

#include "data/data_identity.h"
#include "run/run_recovery.h"
#include "train/trainer_impl.h"
#include "util/compute_threads.h"
#include "util/error.h"
#include "util/thread_priority.h"

namespace latentlab {

const char* trainerStateName(TrainerState value) {
  switch (value) {
    case TrainerState::Idle: return "idle";
    case TrainerState::Running: return "running";
    case TrainerState::Paused: return "paused";
    case TrainerState::Stopping: return "stopping";
    case TrainerState::Finished: return "finished";
  }
  return "?";
}

namespace {

// cudaIndex: this process's GPU (a job's LOCAL_RANK), or -1 where the job runs on the CPU (cli: train_command).
torch::Device chooseDevice(const std::string& wanted, int cudaIndex, std::string& note) {
  const bool cuda = torch::cuda::is_available();
  if (wanted == "cuda" && !cuda) {
    note = "CUDA requested but not available (this LibTorch has no CUDA, or no GPU): training on the CPU";
    return torch::kCPU;
  }
  if (cuda && wanted != "cpu" && cudaIndex >= 0) {
    const int gpus = int(torch::cuda::device_count());
    if (cudaIndex >= gpus)
      throw Error("--device " + wanted + ": this process needs GPU " + std::to_string(cudaIndex) +
                  " (its local rank) "
                  "and this host has " +
                  std::to_string(gpus) +
                  ": each rank needs a GPU of its own, so start at "
                  "most " +
                  std::to_string(gpus) + " ranks on this host, or train with --device cpu");
    note = "training on the GPU (CUDA" + (cudaIndex > 0 ? " device " + std::to_string(cudaIndex) : "") + ")";
    return torch::Device(torch::kCUDA, torch::DeviceIndex(cudaIndex));
  }
  if (wanted == "cuda") throw Error("--device cuda: this job trains on the CPU (it has fewer GPUs than ranks here)");
  note = "training on the CPU";
  return torch::kCPU;
}

std::string shapeOf(int64_t c, int64_t h, int64_t w) {
  return std::to_string(c) + "x" + std::to_string(h) + "x" + std::to_string(w);
}

}  // namespace

Trainer::Impl::Impl(std::shared_ptr<const Dataset> dataset, const TrainConfig& trainConfig,
                    const TrainerOptions& trainerOptions)
    : data(std::move(dataset)), config(trainConfig), options(trainerOptions) {
  if (!data || data->train.size() == 0) throw Error("the data set is empty: nothing to train on");
  validate(config);
  const auto& m = config.model;
  if (m.channels != data->channels() || m.height != data->height() || m.width != data->width())
    throw Error("the model is built for " + shapeOf(m.channels, m.height, m.width) + " images but the data set '" +
                data->spec + "' has " + shapeOf(data->channels(), data->height(), data->width()) + " images");
  std::string deviceNote;
  device = chooseDevice(config.device, options.cudaDeviceIndex, deviceNote);
  message = deviceNote;
  sync = options.gradientSync ? options.gradientSync : localGradientSync();
  torch::manual_seed(config.seed);  // initial weights
  model = ModelRunner::create(config, device);
  model->setGradientSync(sync);
  noise = at::detail::createCPUGenerator(config.seed ^ 0x9E3779B97F4A7C15ull);
  plan.history = MetricsHistory(model->seriesNames());
  if (usesBatchNorm(config.model.kind) && config.batch < 2)
    throw Error(std::string(modelKindName(config.model.kind)) +
                " uses batch normalisation, which needs at least 2 images in a batch: use a batch size of 2 or more");
  if (usesBatchNorm(config.model.kind) && data->train.size() < 2)
    throw Error(std::string(modelKindName(config.model.kind)) +
                " uses batch normalisation, which needs at least 2 training images, but '" + data->spec + "' has " +
                std::to_string(data->train.size()));
  plan.stepsPerEpoch = (data->train.size() + config.batch - 1) / config.batch;
  // A last batch of one image joins the batch before it (batchEnd): batch normalisation cannot train on one.
  if (usesBatchNorm(config.model.kind) && data->train.size() % config.batch == 1) --plan.stepsPerEpoch;
  refuseShardsOfOne();
  plan.progress.lr = config.lr;
  plan.progress.beta = config.beta;
  plan.progress.totalSteps = config.steps > 0 ? config.steps : config.epochs * plan.stepsPerEpoch;

  views.viewInputs = makeViewInputs(config, *data, device, options.maxLatentPoints);
  views.lastPublish = writer.lastAutosave = views.lastLatents = speed.speedSince = Clock::now();
}

void Trainer::Impl::log(const std::string& line) const {
  if (options.verbose) std::fprintf(stderr, "%s\n", line.c_str());
}

void Trainer::Impl::addEvent(const std::string& text, bool rewind) {
  plan.progress.events.push_back({plan.progress.step, text});
  if (writer.run) writer.eventLog.add(eventLine(plan.progress.events.back(), rewind));
}

void Trainer::Impl::addEpoch(const EpochMetric& metric) {
  plan.progress.epochs.push_back(metric);
  if (writer.run) writer.eventLog.add(epochLine(metric));
}

// Publishes as it changes state, so that whoever wakes on the change reads a snapshot that shows it.
void Trainer::Impl::setState(TrainerState next) {
  shared.state = next;
  publish();
  shared.stateCv.notify_all();
}

void Trainer::Impl::send(TrainerCommand command) {
  {
    std::lock_guard<std::mutex> lock(inbox.queueMutex);
    inbox.queue.push_back(std::move(command));
    inbox.commandsWaiting = true;
  }
  inbox.queueCv.notify_one();
}

void Trainer::Impl::threadMain() {
  // Before the first parallel region: the OpenMP threads it starts inherit this thread's nice value.
  setThisThreadNiceness(options.niceness);
  nameThisThread("ll-trainer");  // and its OpenMP team
  at::init_num_threads();        // carries the process-wide intra-op thread count into this thread
  threadPolicy.appliedComputeThreads = at::get_num_threads();
  flushDenormalsHere();
  while (true) {
    std::deque<TrainerCommand> commands;
    bool latentsDone = false;
    {
      std::unique_lock<std::mutex> lock(inbox.queueMutex);
      if (!running())
        inbox.queueCv.wait(lock, [&] { return !inbox.queue.empty() || quit.load() || inbox.latentsReady; });
      commands.swap(inbox.queue);
      inbox.commandsWaiting = false;
      latentsDone = inbox.latentsReady;
      inbox.latentsReady = false;
    }
    for (const auto& command : commands) {
      try {
        execute(command);
      } catch (const std::exception& e) {
        error = {"", e.what(), ""};
        log("error: " + error.text());
      }
    }
    if (!commands.empty() || (latentsDone && !running())) publish();  // running: the next publish shows them
    // Only now: whoever waits in sync() must find the effects of its commands in the snapshot.
    for (const auto& command : commands)
      if (command.done) command.done->set_value();
    if (quit) break;
    if (!running()) continue;
    try {
      if (!agreeToContinue()) {  // a rank was asked to stop or pause: every rank does it at this same step
        stopWanted = false;
        stopTraining();
        continue;
      }
      const int threads = threadPolicy.computeThreads.load(std::memory_order_relaxed);
      if (threads > 0 && threads != threadPolicy.appliedComputeThreads && setComputeThreadsHere(threads))
        threadPolicy.appliedComputeThreads = threads;
      trainOneStep();
    } catch (const std::exception& e) {
      error = failureOf("training stopped", e);
      log(error.text());
      setState(TrainerState::Paused);
      continue;
    }
    try {
      writeModelFiles(false);
    } catch (const std::exception& e) {
      error = failureOf("cannot write the model timeline", e);
      log(error.text());
    }
    if (writer.run && options.autosaveSteps > 0 && plan.progress.step % options.autosaveSteps == 0 && running()) {
      flushLosses();
      saveNow();
    }
    if (running() && plan.progress.step >= plan.progress.totalSteps) {
      flushLosses();
      if (writer.run && writer.lastSavedStep != plan.progress.step) saveNow();
      if (running()) {  // a failed save paused training instead: the run is not finished on disk
        message = "finished at step " + std::to_string(plan.progress.step);
        setState(TrainerState::Finished);
      }
    } else if (Clock::now() - views.lastPublish > std::chrono::duration<double>(options.publishIntervalSeconds)) {
      flushLosses();
      if (writer.run && options.autosaveSeconds > 0 &&
          Clock::now() - writer.lastAutosave > std::chrono::duration<double>(options.autosaveSeconds))
        saveNow();
      publish();
    }
  }
  // Closing: whatever state training was in, the run on disk ends at the last whole step.
  try {
    flushLosses();
    if (writer.run && writer.lastSavedStep != plan.progress.step) saveNow();
  } catch (const std::exception& e) {
    log(std::string("final save failed: ") + e.what());
  }
  setState(TrainerState::Finished);
}

// ---- Trainer: the public face ----

static TrainerCommand command(TrainerCommand::Kind kind, double value = 0, std::filesystem::path path = {},
                              std::shared_ptr<std::promise<void>> done = nullptr) {
  return {kind, value, std::move(path), std::move(done), nullptr};
}

Trainer::Trainer() = default;

Trainer::Trainer(std::shared_ptr<const Dataset> data, const TrainConfig& config, const std::filesystem::path& runDir,
                 const TrainerOptions& options)
    : impl_(std::make_unique<Impl>(std::move(data), config, options)) {
  if (!runDir.empty()) {
    if (RunDirectory::isRunDirectory(runDir) && !isUnfinishedRun(runDir))
      throw Error("'" + runDir.string() + "' already holds a run: resume it, or choose another directory");
    impl_->config.dataIdentity = identifyData(*impl_->data);
    impl_->attachRun(runDir, true);
    impl_->saveNow();  // config.json and the first checkpoint, at step 0
    if (!impl_->writer.lastSave.ok) throw Error(impl_->error.text());
  }
  impl_->log(impl_->message);
  impl_->joinJob();
  impl_->rememberGoodState();
  impl_->publish();
  impl_->thread = std::thread([impl = impl_.get()] { impl->threadMain(); });
}

std::unique_ptr<Trainer> Trainer::resume(std::shared_ptr<const Dataset> data, const std::filesystem::path& runDir,
                                         const TrainerOptions& options) {
  const RunDirectory saved = RunDirectory::open(runDir);
  TrainConfig config = trainConfigFromJson(saved.readConfig());
  if (!data) throw Error("no data set to continue the run on");
  const DataIdentity identity = identifyData(*data);
  const std::string difference = dataDifference(config, *data, identity);
  const auto& m = config.model;
  const bool shapeDiffers = m.channels != data->channels() || m.height != data->height() || m.width != data->width();
  if (!difference.empty() && (shapeDiffers || !options.allowOtherData))
    throw Error(difference + (shapeDiffers ? "" : " (to continue on it anyway, say so: --allow-other-data)"));
  const bool identityRecorded = config.dataIdentity.known();
  config.dataIdentity = identity;  // a format-1 run learns its data's identity now; other data is recorded as such
  std::unique_ptr<Trainer> trainer(new Trainer());
  trainer->impl_ = std::make_unique<Impl>(std::move(data), config, options);
  Impl& impl = *trainer->impl_;
  impl.plan.progress = loadCheckpoint(saved, *impl.model, config, impl.noise);
  impl.model->setLearningRate(impl.plan.progress.lr);
  impl.config.lr = impl.plan.progress.lr;
  impl.config.beta = impl.plan.progress.beta;
  MetricsLogReader(saved.root()).poll(impl.plan.history);
  impl.plan.history.rewindTo(impl.plan.progress.step);  // rows written after the last save are trained again
  impl.attachRun(saved.root(), false);
  impl.shared.stepCount = impl.plan.progress.step;
  impl.rollback.settingsChangedAt = impl.plan.progress.step;
  impl.writer.lastSavedStep = impl.plan.progress.step;
  std::string resumed =
      "resumed " + impl.writer.run->root().string() + " at step " + std::to_string(impl.plan.progress.step);
  if (impl.plan.history.rows() < impl.plan.progress.step)
    resumed += " (metrics.csv had " + std::to_string(impl.plan.history.rows()) + " of the steps)";
  if (!difference.empty()) resumed += "; WARNING: " + difference;
  impl.message =
      impl.message.empty() || impl.message.rfind("training on", 0) == 0 ? resumed : impl.message + "; " + resumed;
  impl.addEvent(difference.empty() ? "resumed" : "resumed on other data", true);
  if (!identityRecorded || !difference.empty()) impl.writer.run->writeConfig(toJson(impl.config));
  impl.flushLogs();
  impl.log(impl.message);
  impl.joinJob();
  impl.rememberGoodState();
  impl.publish();
  impl.thread = std::thread([p = trainer->impl_.get()] { p->threadMain(); });
  return trainer;
}

Trainer::~Trainer() {
  if (!impl_) return;
  {
    std::lock_guard<std::mutex> lock(impl_->inbox.queueMutex);
    impl_->quit = true;
  }
  impl_->inbox.queueCv.notify_all();
  if (impl_->thread.joinable()) impl_->thread.join();
}

void Trainer::start() { impl_->send(command(TrainerCommand::Kind::Start)); }
void Trainer::pause() { impl_->send(command(TrainerCommand::Kind::Pause)); }
void Trainer::resume() { impl_->send(command(TrainerCommand::Kind::Resume)); }
void Trainer::stepOnce() { impl_->send(command(TrainerCommand::Kind::StepOnce)); }
void Trainer::stop() { impl_->send(command(TrainerCommand::Kind::Stop)); }
void Trainer::setLearningRate(double lr) { impl_->send(command(TrainerCommand::Kind::SetLr, lr)); }
void Trainer::setBeta(double beta) { impl_->send(command(TrainerCommand::Kind::SetBeta, beta)); }
void Trainer::setTotalSteps(int64_t steps) { impl_->send(command(TrainerCommand::Kind::SetTotalSteps, double(steps))); }
void Trainer::save() { impl_->send(command(TrainerCommand::Kind::Save)); }
void Trainer::saveAs(const std::filesystem::path& runDir) {
  impl_->send(command(TrainerCommand::Kind::SaveAs, 0, runDir));
}
void Trainer::setComputeThreads(int threads) {
  impl_->threadPolicy.computeThreads.store(threads, std::memory_order_relaxed);
}
void Trainer::refreshLatents() { impl_->send(command(TrainerCommand::Kind::RefreshLatents)); }
void Trainer::setLatentRefreshSeconds(double seconds) {
  impl_->send(command(TrainerCommand::Kind::SetLatentRefresh, seconds));
}

void Trainer::sync() {
  auto done = std::make_shared<std::promise<void>>();
  auto future = done->get_future();
  impl_->send(command(TrainerCommand::Kind::Sync, 0, {}, done));
  future.wait();
}

TrainerState Trainer::waitWhileRunning() {
  sync();  // a start() sent just before must have taken effect
  std::unique_lock<std::mutex> lock(impl_->shared.snapshotMutex);
  impl_->shared.stateCv.wait(lock, [&] { return impl_->shared.state.load() != TrainerState::Running; });
  return impl_->shared.state.load();
}

std::shared_ptr<const Snapshot> Trainer::snapshot() const {
  std::lock_guard<std::mutex> lock(impl_->shared.snapshotMutex);
  return impl_->shared.snapshot;
}

TrainerState Trainer::state() const { return impl_->shared.state.load(); }
int64_t Trainer::step() const { return impl_->shared.stepCount.load(); }

}  // namespace latentlab
