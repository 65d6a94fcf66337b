// A disk that fills and a folder that is read-only: every write reports a clear error, training pauses instead of
// running on unrecorded, and what was saved before stays intact and opens. Uses a real tmpfs (skips without root).
#include <gtest/gtest.h>

#include <ATen/CPUGeneratorImpl.h>

#include <cctype>

#include "io/atomic_file.h"
#include "run/run_log.h"
#include "synthetic_data.h"
#include "test_support.h"
#include "tmpfs_mount.h"
#include "run/checkpoint.h"
#include "run/saved_run.h"
#include "train/trainer.h"
#include "util/error.h"

using namespace latentlab;
namespace fs = std::filesystem;

namespace {

TrainConfig tinyConfig(const Dataset& data, int64_t steps) {
  auto config = test::smallConfig(ModelKind::VaeMlp, data, steps);
  config.model.hidden = 16;  // checkpoint ~0.3 MB: a first save fits on the 2 MB disk
  return config;
}

// Case-insensitive: system messages come capitalised from some paths ("Read-only file system").
bool contains(std::string text, const std::string& part) {
  for (auto& c : text) c = char(std::tolower(static_cast<unsigned char>(c)));
  return text.find(part) != std::string::npos;
}

}  // namespace

TEST(UnwritableRun, FullDiskFailsTheSaveCleanlyPausesAndKeepsThePreviousSave) {
  std::string why;
  const auto disk = test::TmpfsMount::tryMount(2048, why);
  if (!disk) GTEST_SKIP() << why;
  const auto data = test::makeSquaresDataset(256, 16);
  auto options = test::quietOptions();
  options.autosaveSteps = 5;
  Trainer trainer(data, tinyConfig(*data, 100000), disk->path() / "run", options);  // step 0 saved
  const std::string before = readFile(disk->path() / "run" / kCheckpointFile);
  const auto filler = disk->fill();
  trainer.start();
  EXPECT_EQ(trainer.waitWhileRunning(), TrainerState::Paused) << "a failed save pauses training";
  const auto snap = trainer.snapshot();
  EXPECT_TRUE(contains(snap->error.text(), "saving failed") && contains(snap->error.text(), "no space left on device"))
      << snap->error;
  EXPECT_FALSE(snap->lastSave.ok);
  EXPECT_EQ(readFile(disk->path() / "run" / kCheckpointFile), before) << "the previous checkpoint is intact";
  EXPECT_EQ(SavedRun::open(disk->path() / "run").step(), 0);
  // Space again: training goes on and saves.
  fs::remove(filler);
  trainer.setTotalSteps(snap->step + 10);
  trainer.start();
  EXPECT_EQ(trainer.waitWhileRunning(), TrainerState::Finished);
  EXPECT_TRUE(trainer.snapshot()->lastSave.ok) << trainer.snapshot()->error;
  EXPECT_EQ(SavedRun::open(disk->path() / "run").step(), snap->step + 10);
}

// A full disk cuts an append part way: the error says so, and the next flush appends exactly the rest, so every
// line is there once and whole.
TEST(UnwritableRun, AppendLogOnAFullDiskLosesAndRepeatsNothing) {
  std::string why;
  const auto disk = test::TmpfsMount::tryMount(1024, why);
  if (!disk) GTEST_SKIP() << why;
  const auto path = disk->path() / "metrics.csv";
  AppendLog log(path, "step,loss\n");
  log.add("0,1");
  log.flush();
  const auto filler = disk->fill();
  std::string expected = "step,loss\n0,1\n";
  for (int i = 1; i <= 3000; ++i) {  // more than the rest of the file's last page
    log.add(std::to_string(i) + ",0.5");
    expected += std::to_string(i) + ",0.5\n";
  }
  try {
    log.flush();
    FAIL() << "the append should fail on a full disk";
  } catch (const Error& e) {
    EXPECT_TRUE(contains(e.what(), "no space left on device")) << e.what();
  }
  fs::remove(filler);
  log.sync();
  EXPECT_EQ(readFile(path), expected);
}

TEST(UnwritableRun, ReadOnlyRunIsRefusedBeforeAnyTraining) {
  std::string why;
  const auto disk = test::TmpfsMount::tryMount(4096, why);
  if (!disk) GTEST_SKIP() << why;
  const auto data = test::makeSquaresDataset(256, 16);
  const auto config = tinyConfig(*data, 5);
  {
    Trainer trainer(data, config, disk->path() / "run", test::quietOptions());
    trainer.start();
    trainer.waitWhileRunning();
  }
  disk->remountReadOnly();
  try {
    Trainer::resume(data, disk->path() / "run", test::quietOptions());
    FAIL() << "a read-only run was resumed";
  } catch (const Error& e) {
    EXPECT_TRUE(contains(e.what(), "read-only file system")) << e.what();
  }
  try {
    Trainer fresh(data, config, disk->path() / "other", test::quietOptions());
    FAIL() << "a run was created on a read-only disk";
  } catch (const Error& e) {
    EXPECT_TRUE(contains(e.what(), "read-only file system")) << e.what();
  }
  EXPECT_EQ(SavedRun::open(disk->path() / "run").step(), 5) << "readers still open it";
}

// A later save that cannot write config.json (here a folder stands in its way: rename fails, even for root) leaves
// the checkpoint as it was: config.json goes first on every save but a run's first.
TEST(UnwritableRun, ALaterSaveFailingAtConfigLeavesTheCheckpoint) {
  const auto data = test::makeSquaresDataset(64, 8);
  test::TempDir dir;
  Trainer trainer(data, tinyConfig(*data, 5), dir / "run", test::quietOptions());
  const std::string before = readFile(dir / "run" / kCheckpointFile);
  fs::remove(dir / "run" / "config.json");
  fs::create_directories(dir / "run" / "config.json" / "blocker");
  trainer.stepOnce();
  trainer.save();
  trainer.sync();
  EXPECT_TRUE(contains(trainer.snapshot()->error.text(), "saving failed")) << trainer.snapshot()->error;
  EXPECT_EQ(readFile(dir / "run" / kCheckpointFile), before);
}
