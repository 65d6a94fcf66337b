// Training speed: one vae-mlp step (784-400-20, batch 128) and a whole Fashion-MNIST epoch through the Trainer.
// The peer to beat is Python PyTorch on the same machine (bench/peer_vae_mlp.py): 7.7-10.5 s an epoch here.
//   build/bench/latentlab_bench_train --benchmark_out=bench.json --benchmark_out_format=json
#include <benchmark/benchmark.h>
#include <torch/torch.h>

#include <ATen/CPUGeneratorImpl.h>

#include "data/dataset.h"
#include "runner/model_runner.h"
#include "train/trainer.h"
#include "util/error.h"
#include "util/runtime_info.h"

using namespace latentlab;

static TrainConfig vaeMlpConfig() {
  TrainConfig config;
  config.model.kind = ModelKind::VaeMlp;
  config.device = "cpu";
  return config;
}

static void BM_VaeMlpStep(benchmark::State& state) {
  configureTorchThreads();
  auto model = ModelRunner::create(vaeMlpConfig(), torch::kCPU);
  auto noise = at::detail::createCPUGenerator(1);
  const auto images = (torch::rand({60000, 1, 28, 28}) * 255).to(torch::kUInt8);
  int64_t offset = 0;
  for (auto _ : state) {
    const auto idx = torch::arange(offset, offset + 128, torch::kLong);
    offset = (offset + 128) % (60000 - 128);
    benchmark::DoNotOptimize(model->step(batchToFloat(images, idx), noise, 1.0, true, false));
  }
  state.SetItemsProcessed(state.iterations() * 128);
}
BENCHMARK(BM_VaeMlpStep)->Unit(benchmark::kMillisecond);

static void BM_FashionMnistEpochVaeMlp(benchmark::State& state) {
  configureTorchThreads();
  std::shared_ptr<const Dataset> data;
  try {
    data = std::make_shared<const Dataset>(loadDataset("fashion-mnist"));
  } catch (const Error& e) {
    state.SkipWithError(e.what());
    return;
  }
  TrainerOptions options;
  options.latentRefreshSeconds = 0;
  options.autosaveSeconds = 0;
  options.publishIntervalSeconds = 1.0;
  auto config = vaeMlpConfig();
  config.epochs = 1;
  double loss = 0;
  for (auto _ : state) {
    Trainer trainer(data, config, {}, options);
    trainer.start();
    trainer.waitWhileRunning();
    loss = trainer.snapshot()->epochs.at(0).trainLoss;
  }
  state.counters["train_loss"] = loss;
}
BENCHMARK(BM_FashionMnistEpochVaeMlp)->Unit(benchmark::kSecond)->Iterations(1)->UseRealTime();
