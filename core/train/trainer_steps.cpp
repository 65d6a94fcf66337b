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
  const int64_t epoch = progress.step / stepsPerEpoch, position = progress.step % stepsPerEpoch;
  if (permutationEpoch != epoch) {
    // Each epoch's order depends only on the seed and the epoch number, so a resumed run sees the same batches.
    auto order = at::detail::createCPUGenerator(config.seed * 1000003ull + uint64_t(epoch));
    permutation = torch::randperm(n, order, torch::kLong);
    permutationEpoch = epoch;
  }
  // The global batch [begin, end) of the permutation; in a job this rank trains on its shard of it, and the
  // losses the step returns are the global batch's (trainer_dist.cpp).
  const int64_t begin = position * config.batch, end = batchEnd(position);
  const auto [from, to] = shardOf(begin, end);
  const auto indices = permutation.slice(0, from, to);
  const auto batch = batchToFloat(data->train.images, indices, device);
  const bool inject = !nanInjected && progress.step == options.injectNanAtStep;
  nanInjected = nanInjected || inject;
  // Free on the CPU; on a GPU it syncs every step, which a job does anyway (the ranks must agree on a NaN).
  const bool checkFinite = device.is_cpu() || sync->distributed();
  const StepResult result =
      model->step(batch, noise, progress.beta, checkFinite, inject, double(to - from) / double(end - begin));
  if (pendingLosses.empty()) pendingFirstStep = progress.step;
  pendingLosses.push_back(result.losses);
  pendingBatchSizes.push_back(end - begin);
  if (result.skipped) {
    flushLosses();  // finds the non-finite row and pauses
    return;
  }
  if (seenCodes.seeded()) seenCodes.recordTraining(indices, result.means, progress.step);
  ++progress.step;
  stepCount = progress.step;
  if (device.is_cpu() || pendingLosses.size() >= 50) flushLosses();
  if (progress.step % stepsPerEpoch == 0) {
    flushLosses();
    const bool rolledBack = progress.step % stepsPerEpoch != 0;
    const bool recorded = !progress.epochs.empty() && progress.epochs.back().step == progress.step;
    if (!rolledBack && !recorded) endEpoch();
  }
  if (progress.step % kGoodStateEvery == 0 && progress.step - settingsChangedAt >= kGoodStateEvery &&
      pendingLosses.empty() && state == TrainerState::Running)
    rememberGoodState();
}

// The last batch of an epoch takes the rest of the images. For models with batch normalisation the trainer
// counts one step fewer when a single image would be left over (see the constructor), so that image joins the
// batch before it: batch normalisation cannot train on one image.
int64_t Trainer::Impl::batchEnd(int64_t position) const {
  const int64_t n = data->train.size();
  return position + 1 == stepsPerEpoch ? n : std::min(n, (position + 1) * config.batch);
}

void Trainer::Impl::flushLosses() {
  if (pendingLosses.empty()) return;
  const auto rows = torch::stack(pendingLosses).to(torch::kCPU, torch::kFloat32).contiguous();
  const float* values = rows.data_ptr<float>();
  const size_t series = size_t(rows.size(1));
  const auto batchSizes = std::move(pendingBatchSizes);
  const int64_t first = pendingFirstStep;
  pendingLosses.clear();
  pendingBatchSizes.clear();
  for (size_t r = 0; r < batchSizes.size(); ++r) {
    const float* row = values + r * series;
    bool finite = true;
    for (size_t s = 0; s < series; ++s) finite = finite && std::isfinite(row[s]);
    if (!finite) {
      onNonFinite(first + int64_t(r));
      return;
    }
    history.append(first + int64_t(r), row);
    if (run) metricsLog.add(metricsRow(first + int64_t(r), row, series));
    progress.epochLossSum += double(row[isGan(config.model.kind) ? 1 : 0]) * double(batchSizes[r]);
    progress.epochImages += batchSizes[r];
  }
}

// Always rolls back to the last good state, model and optimizer together: weights that are still finite when the
// loss is not have already been ruined by the steps before (an lr of 10 blows Adam's weights up long before the
// loss overflows), so continuing from them would only reach the same NaN again, however low the new lr.
// The user's current lr, beta and target stay: the message asks them to lower the lr, then resume.
void Trainer::Impl::onNonFinite(int64_t atStep) {
  const double lr = progress.lr, beta = progress.beta;
  const int64_t totalSteps = progress.totalSteps;
  loadModelState(*model, goodState);
  seenCodes.reset();  // codes seen since show weights that are gone; the paused trainer encodes them anew
  progress = goodProgress;
  progress.lr = config.lr = lr;
  progress.beta = config.beta = beta;
  progress.totalSteps = totalSteps;
  model->setLearningRate(lr);  // the optimizer's saved state carries the lr it had then
  noise.set_state(goodNoise);
  stepCount = progress.step;
  const std::string restored = "the weights and the optimizer went back to step " + std::to_string(progress.step);
  // Drop any rows recorded past the restored step (readers of metrics.csv do the same when the steps go back).
  history.rewindTo(progress.step);
  error = {"the loss became NaN or infinite at step " + std::to_string(atStep) + " (learning rate " +
               std::to_string(progress.lr) + ")",
           "training paused and " + restored, "lower the learning rate, then resume"};
  addEvent("NaN at step " + std::to_string(atStep) + ", rolled back", true);
  log(error.text());
  setState(TrainerState::Paused);
}

void Trainer::Impl::rememberGoodState() {
  saveModelStateInto(*model, goodState);
  goodProgress = progress;
  goodNoise = noise.get_state();
}

// Called just before lr or beta changes: the weights trained under the old settings become the rollback target
// when those settings have proven themselves (trained a whole interval since the previous change, finite).
// Otherwise the target stays the older good state; either way the new settings must prove themselves anew.
void Trainer::Impl::beforeSettingsChange() {
  flushLosses();
  if (progress.step - settingsChangedAt >= kGoodStateEvery && progress.step != goodProgress.step &&
      model->parametersFinite())
    rememberGoodState();
  settingsChangedAt = progress.step;
}

void Trainer::Impl::endEpoch() {
  EpochMetric metric;
  metric.step = progress.step;
  metric.epoch = progress.step / stepsPerEpoch;
  metric.trainLoss = progress.epochImages ? float(progress.epochLossSum / double(progress.epochImages)) : NAN;
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
  const bool seeing = seenCodes.seeded() && data->test.size() > 0;  // the test images' codes, for the scatter
  for (int64_t c = sync->rank(); c * chunk < count; c += sync->worldSize()) {
    auto evalNoise = at::detail::createCPUGenerator(config.seed + uint64_t(metric.epoch) * 1000003ull + uint64_t(c));
    for (int64_t begin = c * chunk, end = std::min(count, (c + 1) * chunk); begin < end; begin += kPart) {
      const auto idx = torch::arange(begin, std::min(end, begin + kPart), torch::kLong);
      torch::Tensor means;
      sum += model->evaluate(batchToFloat(test.images, idx, device), evalNoise, seeing ? &means : nullptr) *
             double(idx.size(0));
      if (seeing) seenCodes.recordTest(begin, means, progress.step);
    }
  }
  sum = sync->sum(torch::tensor({sum}, torch::kFloat64)).item<double>();
  metric.testLoss = float(sum / double(count));
  releaseFreedMemory();
  addEpoch(metric);
  progress.epochLossSum = 0;
  progress.epochImages = 0;
  log("epoch " + std::to_string(metric.epoch) + ": train loss " + std::to_string(metric.trainLoss) + ", test loss " +
      std::to_string(metric.testLoss));
}

void Trainer::Impl::refreshViews(bool force) {
  if (!force && view.step == progress.step && view.decoder) return;
  view = computeModelView(*model, viewInputs, progress.step);
  ++decoderVersion;
}

void Trainer::Impl::refreshLatents() {
  setLatents(computeLatentCodes(*model, viewInputs, *data, config, progress.step, options.maxLatentPoints, device));
  latentsRequested = false;
  lastLatents = Clock::now();
}

// A VAE trained on the CPU by one process, with a window watching: its training steps give the codes (the whole
// batch's on this rank alone, so not in a job; on a GPU encoding is quick where it is).
bool Trainer::Impl::followsSeenCodes() const {
  return options.latentRefreshSeconds > 0 && device.is_cpu() && sync->worldSize() == 1 &&
         !isGan(config.model.kind);
}

void Trainer::Impl::setLatents(std::shared_ptr<LatentCodes> codes) {
  codes->version = latents ? latents->version + 1 : 1;
  if (codes->oldestStep < 0 && followsSeenCodes()) seenCodes.seed(*codes);  // encoded whole: training goes on from them
  latents = std::move(codes);
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
  if (latentsRequested) return refreshLatents();
  if (quit || (latentsWorker && latentsWorker->busy())) return;
  const bool watched = options.latentRefreshSeconds > 0;
  const bool due = now - lastLatents > std::chrono::duration<double>(options.latentRefreshSeconds);
  if (watched && running() && due && seenCodes.seeded() && followsSeenCodes()) {
    setLatents(seenCodes.codesAt(progress.step));
    lastLatents = now;
    return;
  }
  // The step of the last codes encoded whole (seen codes mix steps, so they never count as caught up).
  const int64_t encoded = latentsWorker ? latentsWorker->handedStep()
                          : latents && latents->oldestStep < 0 ? latents->step
                                                               : -1;
  if (!watched || encoded == progress.step || (running() && !due)) return;
  if (!device.is_cpu()) return refreshLatents();
  if (!latentsWorker)
    latentsWorker = std::make_unique<LatentsWorker>(config, data, viewInputs, options.maxLatentPoints, [this] {
      {
        std::lock_guard<std::mutex> lock(queueMutex);
        latentsReady = true;
      }
      queueCv.notify_one();
    });
  latentsWorker->encode(*model, progress.step);
  lastLatents = now;
}

void Trainer::Impl::publish() {
  const auto now = Clock::now();
  const bool shown = sync->rank() == 0;  // the other ranks of a job are seen through rank 0's run
  if (shown) refreshViews(false);
  if (shown) updateLatents(now);

  const double elapsed = std::chrono::duration<double>(now - speedSince).count();
  if (running() && elapsed > 0.5) {
    const double current = double(progress.step - speedSinceStep) * config.batch / elapsed;
    imagesPerSecond = imagesPerSecond > 0 ? 0.7 * imagesPerSecond + 0.3 * current : current;
    speedSince = now;
    speedSinceStep = progress.step;
  }

  flushLogs();
  auto snap = std::make_shared<Snapshot>();
  snap->version = ++snapshotVersion;
  snap->config = config;
  snap->state = state.load();
  snap->runDir = run ? run->root().string() : "";
  snap->message = message;
  snap->error = error;
  snap->lastSave = lastSave;
  snap->step = progress.step;
  snap->epoch = progress.step / stepsPerEpoch;
  snap->stepsPerEpoch = stepsPerEpoch;
  snap->totalSteps = progress.totalSteps;
  snap->imagesPerSecond = imagesPerSecond;
  snap->computeThreads = appliedComputeThreads;
  snap->etaSeconds = imagesPerSecond > 0 && running()
                         ? double(progress.totalSteps - progress.step) * config.batch / imagesPerSecond
                         : 0;
  snap->history = history;  // shares the sealed chunks: a copy of pointers and one partial chunk
  snap->epochs = progress.epochs;
  snap->events = progress.events;
  showModel(*snap, view);
  snap->latents = latents;
  snap->timeline = timelineSteps;
  snap->source.kind = SourceKind::Live;
  snap->decoderVersion = decoderVersion;
  {
    std::lock_guard<std::mutex> lock(snapshotMutex);
    snapshot = std::move(snap);
  }
  lastPublish = now;
}

}  // namespace latentlab
