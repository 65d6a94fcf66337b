// The trainer as one rank of a data-parallel job (docs/architecture.md, "Distributed training"): starting from
// rank 0's state, the shard of each batch this rank trains on, and the decisions all ranks take together. Alone,
// every function here is the identity or nearly: GradientSync is LocalSync.
#include <ATen/CPUGeneratorImpl.h>
#include <nlohmann/json.hpp>
#include <zlib.h>

#include <cstdio>

#include "train/trainer_impl.h"
#include "util/error.h"

namespace latentlab {

// Batch normalisation cannot train on one image: a job refuses, before any run is created, a batch size that
// would give some rank a shard of one. Every rank decides this alike, so all of them refuse.
void Trainer::Impl::refuseShardsOfOne() const {
  if (!sync->distributed()) return;
  if (usesBatchNorm(config.model.kind)) {
    const int64_t last = data->train.size() - (plan.stepsPerEpoch - 1) * config.batch;
    for (const int64_t images : {std::min<int64_t>(config.batch, data->train.size()), last}) {
      const auto [from, to] = shardOf(0, images);
      if (to - from == 1)
        throw Error(std::string(modelKindName(config.model.kind)) +
                    " uses batch normalisation, so each rank needs "
                    "0 or at least 2 images of every batch, but " +
                    sync->name() + " would get 1 of a batch of " + std::to_string(images) +
                    ": choose a --batch of at least " + std::to_string(2 * sync->worldSize()) +
                    " that leaves a last batch of that many");
    }
  }
}

// Every rank starts from rank 0's weights, optimizer and training record (a new run: the same initial weights;
// a resumed one: its checkpoint, whatever number of ranks wrote it), as DistributedDataParallel broadcasts them.
void Trainer::Impl::joinJob() {
  if (!sync->distributed()) return;
  nlohmann::json meta;
  if (sync->rank() == 0) {
    meta = {{"step", plan.progress.step},
            {"total_steps", plan.progress.totalSteps},
            {"lr", plan.progress.lr},
            {"beta", plan.progress.beta},
            {"epoch_loss_sum", plan.progress.epochLossSum},
            {"epoch_images", plan.progress.epochImages},
            {"train", data->train.size()},
            {"test", data->test.size()},
            {"last_epoch_step", plan.progress.epochs.empty() ? int64_t(-1) : plan.progress.epochs.back().step}};
  }
  meta = nlohmann::json::parse(sync->broadcastBytes(meta.dump()));
  const std::string weights = sync->broadcastBytes(sync->rank() == 0 ? saveModelState(*model) : std::string());
  if (sync->rank() == 0) return;
  if (meta["train"].get<int64_t>() != data->train.size() || meta["test"].get<int64_t>() != data->test.size())
    throw Error(sync->name() + ": its data set has " + std::to_string(data->train.size()) + " train and " +
                std::to_string(data->test.size()) + " test images, rank 0's has " + meta["train"].dump() + " and " +
                meta["test"].dump() + ": every rank must load the same data (--data)");
  loadModelState(*model, weights);
  plan.progress.step = meta["step"].get<int64_t>();
  plan.progress.totalSteps = meta["total_steps"].get<int64_t>();
  plan.progress.lr = config.lr = meta["lr"].get<double>();
  plan.progress.beta = config.beta = meta["beta"].get<double>();
  plan.progress.epochLossSum = meta["epoch_loss_sum"].get<double>();
  plan.progress.epochImages = meta["epoch_images"].get<int64_t>();
  plan.progress.epochs.clear();
  if (const int64_t last = meta["last_epoch_step"].get<int64_t>(); last >= 0) plan.progress.epochs.push_back({last});
  model->setLearningRate(plan.progress.lr);
  shared.stepCount = plan.progress.step;
  rollback.settingsChangedAt = plan.progress.step;
  // Each rank draws its own reparameterisation noise, as each process of a PyTorch job does.
  noise = at::detail::createCPUGenerator(
      config.seed ^ (0x9E3779B97F4A7C15ull + uint64_t(sync->rank()) * 7919u + uint64_t(plan.progress.step)));
}

// Rank r trains on its contiguous part of the global batch [begin, end): the ranks' parts are disjoint and cover
// it, so together they train on exactly the batches one process would. Rank 0's part is never the smaller one.
std::pair<int64_t, int64_t> Trainer::Impl::shardOf(int64_t begin, int64_t end) const {
  const int64_t n = end - begin, world = sync->worldSize(), r = sync->rank();
  return {begin + (n * r + world - 1) / world, begin + (n * (r + 1) + world - 1) / world};
}

// Before a step the ranks agree: to stop (any rank asked to: a signal reaches the ranks at different steps),
// and that they hold the same learning rate, beta and plan (commands come to each rank on its own). A rank that
// disagrees stops the job with a message rather than training a different model.
// Every kAgreeEvery steps only: each exchange is a moment where every rank waits for the slowest, and a stop
// or a setting can wait that many steps. All ranks count the same steps, so they agree at the same ones.
bool Trainer::Impl::agreeToContinue() {
  constexpr int64_t kAgreeEvery = 8;
  if (!sync->distributed() || plan.progress.step % kAgreeEvery != 0) return true;
  const double total = double(plan.progress.totalSteps);
  const auto mine = torch::tensor({stopWanted ? 1.0 : 0.0, plan.progress.lr, -plan.progress.lr, plan.progress.beta,
                                   -plan.progress.beta, total, -total},
                                  torch::kFloat64);
  const auto all = sync->max(mine);
  const double* v = all.data_ptr<double>();
  const auto disagree = [&](const char* what, double high, double low) {
    if (high != low)
      throw Error(sync->name() + ": the ranks disagree on " + what + " (" + std::to_string(low) + " to " +
                  std::to_string(high) + "): every rank must be given the same settings");
  };
  disagree("the learning rate", v[1], -v[2]);
  disagree("beta", v[3], -v[4]);
  disagree("the number of steps", v[5], -v[6]);
  return v[0] == 0;
}

std::string Trainer::Impl::weightsDigest() {
  uLong crc = crc32(0L, Z_NULL, 0);
  for (const auto& t : model->stateTensors()) {
    const auto c = t.detach().to(torch::kCPU).contiguous();
    crc = crc32(crc, reinterpret_cast<const Bytef*>(c.data_ptr()), uInt(c.numel() * int64_t(c.element_size())));
  }
  char text[16];
  std::snprintf(text, sizeof text, "%08lx", static_cast<unsigned long>(crc));
  return text;
}

std::string Trainer::weightsDigest() {
  auto done = std::make_shared<std::promise<void>>();
  auto future = done->get_future();
  auto text = std::make_shared<std::string>();
  TrainerCommand digest{TrainerCommand::Kind::Digest, 0, {}, done, text};
  impl_->send(std::move(digest));
  future.wait();
  return *text;
}

}  // namespace latentlab
