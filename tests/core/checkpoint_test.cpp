#include "run/checkpoint.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <ATen/CPUGeneratorImpl.h>

#include "synthetic_data.h"
#include "test_support.h"
#include "run/saved_run.h"
#include "train/trainer.h"
#include "util/error.h"

using namespace latentlab;
namespace fs = std::filesystem;

namespace {

void trainSteps(ModelRunner& model, const Dataset& data, at::Generator& noise, int steps) {
  for (int s = 0; s < steps; ++s) {
    const auto idx = torch::arange(s * 16, s * 16 + 16, torch::kLong);
    model.step(batchToFloat(data.train.images, idx), noise, 1.0, true, false);
  }
}

}  // namespace

TEST(Checkpoint, RoundTripIsBitExactForEveryModel) {
  const auto data = test::makeSquaresDataset(256, 16);
  for (auto kind : {ModelKind::VaeMlp, ModelKind::VaeConv, ModelKind::GanMlp, ModelKind::Dcgan}) {
    test::TempDir dir;
    const auto run = RunDirectory::create(dir.path());
    const auto config = test::smallConfig(kind, *data, 10);
    auto model = ModelRunner::create(config, torch::kCPU);
    auto noise = at::detail::createCPUGenerator(5);
    trainSteps(*model, *data, noise, 3);
    TrainingProgress progress;
    progress.step = 3;
    progress.totalSteps = 10;  // a record's plan is never behind its step (checked on load)
    progress.lr = 1e-3;        // ... and its learning rate is in (0, 10]
    progress.events.push_back({2, "lr 0.001 -> 0.0005"});
    saveCheckpoint(run, *model, config, progress, noise);

    auto loaded = ModelRunner::create(config, torch::kCPU);
    auto loadedNoise = at::detail::createCPUGenerator(99);
    const auto back = loadCheckpoint(run, *loaded, config, loadedNoise);
    EXPECT_EQ(back.step, 3);
    ASSERT_EQ(back.events.size(), 1u);
    const auto a = model->stateTensors(), b = loaded->stateTensors();
    ASSERT_EQ(a.size(), b.size());
    for (size_t i = 0; i < a.size(); ++i) EXPECT_TRUE(torch::equal(a[i], b[i])) << modelKindName(kind) << " #" << i;

    // Optimizer state and RNG came back too: one more identical step gives identical weights.
    trainSteps(*model, *data, noise, 1);
    trainSteps(*loaded, *data, loadedNoise, 1);
    const auto c = model->stateTensors(), d = loaded->stateTensors();
    for (size_t i = 0; i < c.size(); ++i) EXPECT_TRUE(torch::equal(c[i], d[i])) << modelKindName(kind) << " #" << i;
  }
}

// The rollback copy is written over the previous one's bytes (no second buffer at once), and is the same copy.
TEST(Checkpoint, ModelStateWrittenInPlaceIsTheSameState) {
  const auto data = test::makeSquaresDataset(256, 16);
  const auto config = test::smallConfig(ModelKind::VaeMlp, *data, 10);
  auto model = ModelRunner::create(config, torch::kCPU);
  auto noise = at::detail::createCPUGenerator(5);
  trainSteps(*model, *data, noise, 2);
  std::string state;
  saveModelStateInto(*model, state);
  EXPECT_EQ(state, saveModelState(*model));
  const char* buffer = state.data();
  const auto weights = model->stateTensors();
  std::vector<torch::Tensor> before;
  for (const auto& t : weights) before.push_back(t.clone());
  trainSteps(*model, *data, noise, 2);
  saveModelStateInto(*model, state);
  EXPECT_EQ(state.data(), buffer) << "the state went to a new buffer while the old one was held";
  EXPECT_EQ(state, saveModelState(*model));
  auto loaded = ModelRunner::create(config, torch::kCPU);
  loadModelState(*loaded, state);
  const auto back = loaded->stateTensors(), now = model->stateTensors();
  for (size_t i = 0; i < back.size(); ++i) EXPECT_TRUE(torch::equal(back[i], now[i])) << i;
  EXPECT_FALSE(torch::equal(now[0], before[0])) << "training moved the weights between the two copies";
}

TEST(Checkpoint, ResumeContinuesExactlyWhereItStopped) {
  const auto data = test::makeSquaresDataset(256, 16);
  test::TempDir dir;
  const auto config = test::smallConfig(ModelKind::VaeMlp, *data, 40);
  std::vector<float> straight;
  {
    Trainer trainer(data, config, {}, test::quietOptions());
    trainer.start();
    trainer.waitWhileRunning();
    straight = test::seriesValues(trainer.snapshot()->history, 0);
  }
  {
    Trainer trainer(data, config, dir / "run", test::quietOptions());
    trainer.setTotalSteps(25);
    trainer.start();
    trainer.waitWhileRunning();
  }  // saved on close
  auto resumed = Trainer::resume(data, dir / "run", test::quietOptions());
  EXPECT_EQ(resumed->step(), 25);
  resumed->setTotalSteps(40);
  resumed->start();
  resumed->waitWhileRunning();
  const auto snap = resumed->snapshot();
  ASSERT_EQ(snap->history.rows(), 40) << "history from metrics.csv plus the new steps";
  for (size_t i = 0; i < 40; ++i) EXPECT_NEAR(snap->history.value(0, int64_t(i)), straight[i], 1e-3 * straight[i]) << i;
}

TEST(Checkpoint, AnotherModelsCheckpointIsRefusedWithTheDifference) {
  const auto data = test::makeSquaresDataset(64, 8);
  test::TempDir dir;
  auto config = test::smallConfig(ModelKind::VaeMlp, *data, 5);
  { Trainer a(data, config, dir / "a", test::quietOptions()); }
  config.model.latent = 6;
  { Trainer b(data, config, dir / "b", test::quietOptions()); }
  fs::copy_file(dir / "a" / kCheckpointFile, dir / "b" / kCheckpointFile, fs::copy_options::overwrite_existing);
  try {
    Trainer::resume(data, dir / "b", test::quietOptions());
    FAIL() << "expected a refusal";
  } catch (const Error& e) {
    const std::string what = e.what();
    EXPECT_NE(what.find("latent size 4"), std::string::npos) << what;
    EXPECT_NE(what.find("latent size 6"), std::string::npos) << what;
  }
}

TEST(Checkpoint, DataOfAnotherShapeIsRefused) {
  const auto data = test::makeSquaresDataset(64, 8);
  test::TempDir dir;
  { Trainer a(data, test::smallConfig(ModelKind::VaeMlp, *data, 5), dir / "a", test::quietOptions()); }
  const auto rgb = test::makeSquaresDataset(64, 8, 3, 32);
  try {
    Trainer::resume(rgb, dir / "a", test::quietOptions());
    FAIL();
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("1x28x28"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("3x32x32"), std::string::npos) << e.what();
  }
}

TEST(Checkpoint, DamagedCheckpointIsAClearErrorAndSavedRunOpens) {
  const auto data = test::makeSquaresDataset(64, 8);
  test::TempDir dir;
  { Trainer a(data, test::smallConfig(ModelKind::VaeMlp, *data, 5), dir / "a", test::quietOptions()); }
  const SavedRun saved = SavedRun::open(dir / "a");
  EXPECT_EQ(saved.step(), 0);
  EXPECT_EQ(saved.encode(*data, false, {0, 1, 2}).size(), 12u);
  test::writeBytes(dir / "a" / kCheckpointFile, "PK\x03\x04 definitely not a zip");
  try {
    SavedRun::open(dir / "a");
    FAIL();
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("checkpoint.pt"), std::string::npos) << e.what();
  }
  fs::remove(dir / "a" / kCheckpointFile);
  EXPECT_THROW(Trainer::resume(data, dir / "a", test::quietOptions()), Error);
}

// A run moves between machines: trained on the CPU and resumed on a GPU, trained on a GPU and opened where there
// is none. Checkpoints load onto the CPU and the runners move weights and Adam's moments to their own device.
// Needs a GPU (a CUDA LibTorch); elsewhere it is skipped.
TEST(Checkpoint, MovesBetweenTheCpuAndAGpu) {
  if (!torch::cuda::is_available()) GTEST_SKIP() << "no GPU";
  const torch::Device gpu(torch::kCUDA, 0);
  const auto data = test::makeSquaresDataset(256, 16);
  for (auto kind : {ModelKind::VaeMlp, ModelKind::Dcgan}) {
    test::TempDir dir;
    const auto run = RunDirectory::create(dir.path());
    const auto config = test::smallConfig(kind, *data, 10);
    auto cpuModel = ModelRunner::create(config, torch::kCPU);
    auto noise = at::detail::createCPUGenerator(5);
    trainSteps(*cpuModel, *data, noise, 3);
    TrainingProgress progress;
    progress.step = 3;
    progress.totalSteps = 10;
    progress.lr = 1e-3;
    saveCheckpoint(run, *cpuModel, config, progress, noise);

    auto gpuModel = ModelRunner::create(config, gpu);
    loadCheckpoint(run, *gpuModel, config, noise);
    for (const auto& t : gpuModel->stateTensors()) EXPECT_TRUE(t.is_cuda()) << modelKindName(kind);
    const auto idx = torch::arange(0, 16, torch::kLong);
    EXPECT_NO_THROW(gpuModel->step(batchToFloat(data->train.images, idx, gpu), noise, 1.0, true, false))
        << modelKindName(kind);
    saveCheckpoint(run, *gpuModel, config, progress, noise);

    auto back = ModelRunner::create(config, torch::kCPU);
    loadCheckpoint(run, *back, config, noise);
    const auto a = gpuModel->stateTensors(), b = back->stateTensors();
    ASSERT_EQ(a.size(), b.size());
    for (size_t i = 0; i < a.size(); ++i) {
      EXPECT_TRUE(b[i].is_cpu());
      EXPECT_TRUE(torch::equal(a[i].cpu(), b[i])) << modelKindName(kind) << " #" << i;
    }
    EXPECT_NO_THROW(trainSteps(*back, *data, noise, 1)) << modelKindName(kind);
  }
}
