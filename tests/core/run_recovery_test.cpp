// What interrupted writers leave behind: temp files are removed by the next owner, an unfinished creation can be
// created again and says so when opened, a damaged metrics line costs that line only.
#include "run/run_recovery.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>

#include "io/atomic_file.h"
#include "run/run_log.h"
#include "run/run_owner.h"
#include "synthetic_data.h"
#include "test_support.h"
#include "run/checkpoint.h"
#include "run/saved_run.h"
#include "train/trainer.h"
#include "util/error.h"

using namespace latentlab;
namespace fs = std::filesystem;

namespace {
bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }
}  // namespace

TEST(RunRecovery, TempFileNames) {
  EXPECT_TRUE(isTempFileName(".checkpoint.pt.tmp.4242.0"));
  EXPECT_TRUE(isTempFileName(".step-000000000020.pt.tmp.1.17"));
  EXPECT_FALSE(isTempFileName(".owner.lock"));
  EXPECT_FALSE(isTempFileName("checkpoint.pt"));
  EXPECT_FALSE(isTempFileName(".checkpoint.pt.tmp.42"));
  EXPECT_FALSE(isTempFileName(".x.tmp.4a.1"));
}

TEST(RunRecovery, TakingOwnershipRemovesTempFilesOfGoneWriters) {
  test::TempDir dir;
  fs::create_directories(dir / "timeline");
  const std::string ours = ".model.pt.tmp." + std::to_string(::getpid()) + ".3";
  test::writeBytes(dir / ".checkpoint.pt.tmp.999999999.0", std::string(5000, 'x'));  // a killed save
  test::writeBytes(dir / "timeline" / ".step-000000000040.pt.tmp.999999999.7", "torn");
  test::writeBytes(dir / ours, "in progress");
  test::writeBytes(dir / ".hidden-note", "not ours to remove");
  std::string note;
  {
    const auto owner = RunOwnership::acquire(dir.path(), "test", &note);
    EXPECT_FALSE(fs::exists(dir / ".checkpoint.pt.tmp.999999999.0"));
    EXPECT_FALSE(fs::exists(dir / "timeline" / ".step-000000000040.pt.tmp.999999999.7"));
    EXPECT_TRUE(fs::exists(dir / ours)) << "this process's own temp files are its business";
    EXPECT_TRUE(fs::exists(dir / ".hidden-note"));
  }
  EXPECT_TRUE(contains(note, "removed 2 temp file(s)")) << note;
}

TEST(RunRecovery, AKilledCreationCanBeCreatedAgainAndSaysSoWhenOpened) {
  const auto data = test::makeSquaresDataset(64, 8);
  const auto config = test::smallConfig(ModelKind::VaeMlp, *data, 5);
  test::TempDir dir;
  // Earlier versions wrote config.json first: a kill before the first checkpoint left config.json alone.
  { Trainer first(data, config, dir / "run", test::quietOptions()); }
  fs::remove(dir / "run" / kCheckpointFile);
  fs::remove(dir / "run" / "metrics.csv");
  ASSERT_TRUE(isUnfinishedRun(dir / "run"));
  try {
    SavedRun::open(dir / "run");
    FAIL();
  } catch (const Error& e) {
    EXPECT_TRUE(contains(e.what(), "creation was interrupted")) << e.what();
  }
  try {
    Trainer::resume(data, dir / "run", test::quietOptions());
    FAIL();
  } catch (const Error& e) {
    EXPECT_TRUE(contains(e.what(), "creation was interrupted")) << e.what();
  }
  {
    Trainer again(data, config, dir / "run", test::quietOptions());
    EXPECT_TRUE(contains(again.snapshot()->message, "creation was interrupted")) << again.snapshot()->message;
  }
  EXPECT_FALSE(isUnfinishedRun(dir / "run"));
  EXPECT_EQ(SavedRun::open(dir / "run").step(), 0);
  // A finished run is never overwritten.
  EXPECT_THROW(Trainer(data, config, dir / "run", test::quietOptions()), Error);
}

TEST(RunRecovery, ConfigIsWrittenAfterTheFirstCheckpoint) {
  // New runs: a folder with our files but no config.json is an unfinished creation, and --out may reuse it.
  const auto data = test::makeSquaresDataset(64, 8);
  test::TempDir dir;
  fs::create_directories(dir / "run");
  test::writeBytes(dir / "run" / kOwnerFile, "{}");
  test::writeBytes(dir / "run" / "metrics.csv", "step,d_loss,g_loss,d_real,d_fake\n");  // another model's header
  EXPECT_TRUE(isUnfinishedRun(dir / "run"));
  { Trainer again(data, test::smallConfig(ModelKind::VaeMlp, *data, 5), dir / "run", test::quietOptions()); }
  EXPECT_EQ(readFile(dir / "run" / "metrics.csv").rfind("step,loss,recon,kl\n", 0), 0u);
}

// One damaged line in the middle of metrics.csv: a resume keeps every other row, and training on only appends.
TEST(RunRecovery, ADamagedMetricsLineCostsThatLineOnly) {
  const auto data = test::makeSquaresDataset(256, 16);
  const auto config = test::smallConfig(ModelKind::VaeMlp, *data, 100);
  test::TempDir dir;
  {
    Trainer trainer(data, config, dir / "run", test::quietOptions());
    trainer.start();
    trainer.waitWhileRunning();
  }
  const auto path = dir / "run" / "metrics.csv";
  std::string text = readFile(path);
  ASSERT_EQ(std::count(text.begin(), text.end(), '\n'), 101);
  size_t line50 = 0;
  for (int i = 0; i < 50; ++i) line50 = text.find('\n', line50) + 1;
  text.replace(line50, 5, "#?@!x");  // same length: the lines after it stay where they were
  test::writeBytes(path, text);
  auto resumed = Trainer::resume(data, dir / "run", test::quietOptions());
  EXPECT_EQ(resumed->snapshot()->history.rows(), 99) << "every row but the damaged one";
  resumed->setTotalSteps(120);
  resumed->start();
  resumed->waitWhileRunning();
  EXPECT_EQ(resumed->snapshot()->history.rows(), 119);
  resumed.reset();
  const std::string after = readFile(path);
  EXPECT_EQ(after.substr(0, text.size()), text) << "the file was appended to, never rewritten";
  MetricsHistory history;
  MetricsLogReader reader(dir / "run");
  reader.poll(history);
  EXPECT_EQ(history.rows(), 119);
  EXPECT_EQ(reader.damagedLines(), 1);
}
