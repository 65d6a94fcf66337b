// The trainer thread's work: the training step, NaN handling, epochs, and the views it publishes.
#include <ATen/CPUGeneratorImpl.h>

#include <cmath>

#include "train/trainer_impl.h"
#include "util/error.h"
#include "util/memory.h"

namespace latentlab {

namespace {

// kGoodStateEvery: steps between in-memory copies of the model for rolling back after a NaN.
constexpr int64_t kGoodStateEvery = 200;

}  // namespace

void Trainer::Impl::trainOneStep() {
  const int64_t n = data->train.size();
  const int64_t epoch = plan.progress.step / plan.stepsPerEpoch, position = plan.progress.step % plan.stepsPerEpoch;
  if (plan.permutationEpoch != epoch) {
    // Each epoch's order depends only on the seed and the epoch number, so a resumed run sees the same batches.
    auto order = at::detail::createCPUGenerator(config.seed * 1000003ull + uint64_t(epoch));
    plan.permutation = torch::randperm(n, order, torch::kLong);
    plan.permutationEpoch = epoch;
  }
  // The global batch [begin, end) of the permutation; in a job this rank trains on its shard of it, and the
  // losses the step returns are the global batch's (trainer_dist.cpp).
  const int64_t begin = position * config.batch, end = batchEnd(position);
  const auto [from, to] = shardOf(begin, end);
  const auto indices = plan.permutation.slice(0, from, to);
  const auto batch = batchToFloat(data->train.images, indices, device);
  const bool inject = !rollback.nanInjected && plan.progress.step == options.injectNanAtStep;
  rollback.nanInjected = rollback.nanInjected || inject;
  // Free on the CPU; on a GPU it syncs every step, which a job does anyway (the ranks must agree on a NaN).
  const bool checkFinite = device.is_cpu() || sync->distributed();
  const StepResult result =
      model->step(batch, noise, plan.progress.beta, checkFinite, inject, double(to - from) / double(end - begin));
  if (plan.pendingLosses.empty()) plan.pendingFirstStep = plan.progress.step;
  plan.pendingLosses.push_back(result.losses);
  plan.pendingBatchSizes.push_back(end - begin);
  if (result.skipped) {
    flushLosses();  // finds the non-finite row and pauses
    return;
  }
  if (views.seenCodes.seeded()) views.seenCodes.recordTraining(indices, result.means, plan.progress.step);
  ++plan.progress.step;
  shared.stepCount = plan.progress.step;
  if (device.is_cpu() || plan.pendingLosses.size() >= 50) flushLosses();
  if (plan.progress.step % plan.stepsPerEpoch == 0) {
    flushLosses();
    const bool rolledBack = plan.progress.step % plan.stepsPerEpoch != 0;
    const bool recorded = !plan.progress.epochs.empty() && plan.progress.epochs.back().step == plan.progress.step;
    if (!rolledBack && !recorded) endEpoch();
  }
  if (plan.progress.step % kGoodStateEvery == 0 && plan.progress.step - rollback.settingsChangedAt >= kGoodStateEvery &&
      plan.pendingLosses.empty() && shared.state == TrainerState::Running)
    rememberGoodState();
}

// The last batch of an epoch takes the rest of the images. For models with batch normalisation the trainer
// counts one step fewer when a single image would be left over (see the constructor), so that image joins the
// batch before it: batch normalisation cannot train on one image.
int64_t Trainer::Impl::batchEnd(int64_t position) const {
  const int64_t n = data->train.size();
  return position + 1 == plan.stepsPerEpoch ? n : std::min(n, (position + 1) * config.batch);
}

void Trainer::Impl::flushLosses() {
  if (plan.pendingLosses.empty()) return;
  const auto rows = torch::stack(plan.pendingLosses).to(torch::kCPU, torch::kFloat32).contiguous();
  const float* values = rows.data_ptr<float>();
  const size_t series = size_t(rows.size(1));
  const auto batchSizes = std::move(plan.pendingBatchSizes);
  const int64_t first = plan.pendingFirstStep;
  plan.pendingLosses.clear();
  plan.pendingBatchSizes.clear();
  for (size_t r = 0; r < batchSizes.size(); ++r) {
    const float* row = values + r * series;
    bool finite = true;
    for (size_t s = 0; s < series; ++s) finite = finite && std::isfinite(row[s]);
    if (!finite) {
      onNonFinite(first + int64_t(r));
      return;
    }
    plan.history.append(first + int64_t(r), row);
    if (writer.run) writer.metricsLog.add(metricsRow(first + int64_t(r), row, series));
    plan.progress.epochLossSum += double(row[isGan(config.model.kind) ? 1 : 0]) * double(batchSizes[r]);
    plan.progress.epochImages += batchSizes[r];
  }
}

// Always rolls back to the last good state, model and optimizer together: weights that are still finite when the
// loss is not have already been ruined by the steps before (an lr of 10 blows Adam's weights up long before the
// loss overflows), so continuing from them would only reach the same NaN again, however low the new lr.
// The user's current lr, beta and target stay: the message asks them to lower the lr, then resume.
void Trainer::Impl::onNonFinite(int64_t atStep) {
  const double lr = plan.progress.lr, beta = plan.progress.beta;
  const int64_t totalSteps = plan.progress.totalSteps;
  loadModelState(*model, rollback.goodState);
  views.seenCodes.reset();  // codes seen since show weights that are gone; the paused trainer encodes them anew
  plan.progress = rollback.goodProgress;
  plan.progress.lr = config.lr = lr;
  plan.progress.beta = config.beta = beta;
  plan.progress.totalSteps = totalSteps;
  model->setLearningRate(lr);  // the optimizer's saved state carries the lr it had then
  noise.set_state(rollback.goodNoise);
  shared.stepCount = plan.progress.step;
  const std::string restored = "the weights and the optimizer went back to step " + std::to_string(plan.progress.step);
  // Drop any rows recorded past the restored step (readers of metrics.csv do the same when the steps go back).
  plan.history.rewindTo(plan.progress.step);
  error = {"the loss became NaN or infinite at step " + std::to_string(atStep) + " (learning rate " +
               std::to_string(plan.progress.lr) + ")",
           "training paused and " + restored, "lower the learning rate, then resume"};
  addEvent("NaN at step " + std::to_string(atStep) + ", rolled back", true);
  log(error.text());
  setState(TrainerState::Paused);
}

void Trainer::Impl::rememberGoodState() {
  saveModelStateInto(*model, rollback.goodState);
  rollback.goodProgress = plan.progress;
  rollback.goodNoise = noise.get_state();
}

// Called just before lr or beta changes: the weights trained under the old settings become the rollback target
// when those settings have proven themselves (trained a whole interval since the previous change, finite).
// Otherwise the target stays the older good state; either way the new settings must prove themselves anew.
void Trainer::Impl::beforeSettingsChange() {
  flushLosses();
  if (plan.progress.step - rollback.settingsChangedAt >= kGoodStateEvery &&
      plan.progress.step != rollback.goodProgress.step && model->parametersFinite())
    rememberGoodState();
  rollback.settingsChangedAt = plan.progress.step;
}

void Trainer::Impl::endEpoch() {
  EpochMetric metric;
  metric.step = plan.progress.step;
  metric.epoch = plan.progress.step / plan.stepsPerEpoch;
  metric.trainLoss =
      plan.progress.epochImages ? float(plan.progress.epochLossSum / double(plan.progress.epochImages)) : NAN;
  const auto& test = data->test.size() > 0 ? data->test : data->train;
  const int64_t count = std::min<int64_t>(test.size(), 10000), chunk = 1000;
  // A chunk is evaluated in parts of 200 images that draw from its generator in turn: the same noise as one draw
  // for the whole chunk (CPU normals come in blocks of 16 values; 200 x the latent size keeps them aligned for even
  // sizes), while the loss's intermediates stay under a megabyte each. Whole chunks made seven tensors of 3 MB at
  // once, which set the window's peak memory while training.
  constexpr int64_t kPart = 200;
  // In a job the ranks take the chunks in turn and sum their results. Each chunk's evaluation noise comes from its
  // own generator (not the training noise), so the test loss is the same number for any number of ranks.
  double sum = 0;
  const bool seeing = views.seenCodes.seeded() && data->test.size() > 0;  // the test images' codes, for the scatter
  for (int64_t c = sync->rank(); c * chunk < count; c += sync->worldSize()) {
    auto evalNoise = at::detail::createCPUGenerator(config.seed + uint64_t(metric.epoch) * 1000003ull + uint64_t(c));
    for (int64_t begin = c * chunk, end = std::min(count, (c + 1) * chunk); begin < end; begin += kPart) {
      const auto idx = torch::arange(begin, std::min(end, begin + kPart), torch::kLong);
      torch::Tensor means;
      sum += model->evaluate(batchToFloat(test.images, idx, device), evalNoise, seeing ? &means : nullptr) *
             double(idx.size(0));
      if (seeing) views.seenCodes.recordTest(begin, means, plan.progress.step);
    }
  }
  sum = sync->sum(torch::tensor({sum}, torch::kFloat64)).item<double>();
  metric.testLoss = float(sum / double(count));
  releaseFreedMemory();
  addEpoch(metric);
  plan.progress.epochLossSum = 0;
  plan.progress.epochImages = 0;
  log("epoch " + std::to_string(metric.epoch) + ": train loss " + std::to_string(metric.trainLoss) + ", test loss " +
      std::to_string(metric.testLoss));
}

void Trainer::Impl::refreshViews(bool force) {
  if (!force && views.view.step == plan.progress.step && views.view.decoder) return;
  views.view = computeModelView(*model, views.viewInputs, plan.progress.step);
  ++views.decoderVersion;
}

void Trainer::Impl::refreshLatents() {
  setLatents(
      computeLatentCodes(*model, views.viewInputs, *data, config, plan.progress.step, options.maxLatentPoints, device));
  views.latentsRequested = false;
  views.lastLatents = Clock::now();
}

// A VAE trained on the CPU by one process, with a window watching: its training steps give the codes (the whole
// batch's on this rank alone, so not in a job; on a GPU encoding is quick where it is).
bool Trainer::Impl::followsSeenCodes() const {
  return options.latentRefreshSeconds > 0 && device.is_cpu() && sync->worldSize() == 1 && !isGan(config.model.kind);
}

void Trainer::Impl::setLatents(std::shared_ptr<LatentCodes> codes) {
  codes->version = views.latents ? views.latents->version + 1 : 1;
  if (codes->oldestStep < 0 && followsSeenCodes())
    views.seenCodes.seed(*codes);  // encoded whole: training goes on from them
  views.latents = std::move(codes);
}

// The codes of the data set follow training every latentRefreshSeconds: while a VAE trains on the CPU, as its
// training steps and test loss saw them (seen_codes.h); otherwise encoded by the latents worker while training
// goes on. Either way they catch up with the last step once training pauses or ends. A refresh asked for by a
// command (and the first codes) are computed here, so that sync() finds them in the snapshot.
void Trainer::Impl::updateLatents(Clock::time_point now) {
  if (latentsWorker) {
    Failure failure;
    if (auto codes = latentsWorker->take(failure)) setLatents(std::move(codes));
    if (!failure.empty()) log(failure.text());
  }
  if (views.latentsRequested) return refreshLatents();
  if (quit || (latentsWorker && latentsWorker->busy())) return;
  const bool watched = options.latentRefreshSeconds > 0;
  const bool due = now - views.lastLatents > std::chrono::duration<double>(options.latentRefreshSeconds);
  if (watched && running() && due && views.seenCodes.seeded() && followsSeenCodes()) {
    setLatents(views.seenCodes.codesAt(plan.progress.step));
    views.lastLatents = now;
    return;
  }
  // The step of the last codes encoded whole (seen codes mix steps, so they never count as caught up).
  const int64_t encoded = latentsWorker                                    ? latentsWorker->handedStep()
                          : views.latents && views.latents->oldestStep < 0 ? views.latents->step
                                                                           : -1;
  if (!watched || encoded == plan.progress.step || (running() && !due)) return;
  if (!device.is_cpu()) return refreshLatents();
  if (!latentsWorker)
    latentsWorker = std::make_unique<LatentsWorker>(config, data, views.viewInputs, options.maxLatentPoints, [this] {
      {
        std::lock_guard<std::mutex> lock(inbox.queueMutex);
        inbox.latentsReady = true;
      }
      inbox.queueCv.notify_one();
    });
  latentsWorker->encode(*model, plan.progress.step);
  views.lastLatents = now;
}

void Trainer::Impl::publish() {
  const auto now = Clock::now();
  const bool shown = sync->rank() == 0;  // the other ranks of a job are seen through rank 0's run
  if (shown) refreshViews(false);
  if (shown) updateLatents(now);

  const double elapsed = std::chrono::duration<double>(now - speed.speedSince).count();
  if (running() && elapsed > 0.5) {
    const double current = double(plan.progress.step - speed.speedSinceStep) * config.batch / elapsed;
    speed.imagesPerSecond = speed.imagesPerSecond > 0 ? 0.7 * speed.imagesPerSecond + 0.3 * current : current;
    speed.speedSince = now;
    speed.speedSinceStep = plan.progress.step;
  }

  flushLogs();
  auto snap = std::make_shared<Snapshot>();
  snap->version = ++views.snapshotVersion;
  snap->config = config;
  snap->state = shared.state.load();
  snap->runDir = writer.run ? writer.run->root().string() : "";
  snap->message = message;
  snap->error = error;
  snap->lastSave = writer.lastSave;
  snap->step = plan.progress.step;
  snap->epoch = plan.progress.step / plan.stepsPerEpoch;
  snap->stepsPerEpoch = plan.stepsPerEpoch;
  snap->totalSteps = plan.progress.totalSteps;
  snap->imagesPerSecond = speed.imagesPerSecond;
  snap->computeThreads = threadPolicy.appliedComputeThreads;
  snap->etaSeconds = speed.imagesPerSecond > 0 && running()
                         ? double(plan.progress.totalSteps - plan.progress.step) * config.batch / speed.imagesPerSecond
                         : 0;
  snap->history = plan.history;  // shares the sealed chunks: a copy of pointers and one partial chunk
  snap->epochs = plan.progress.epochs;
  snap->events = plan.progress.events;
  showModel(*snap, views.view);
  snap->latents = views.latents;
  snap->timeline = writer.timelineSteps;
  snap->source.kind = SourceKind::Live;
  snap->decoderVersion = views.decoderVersion;
  {
    std::lock_guard<std::mutex> lock(shared.snapshotMutex);
    shared.snapshot = std::move(snap);
  }
  views.lastPublish = now;
}

}  // namespace latentlab
