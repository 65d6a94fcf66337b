// The appended logs of a run: whole lines, torn tails left for later, damaged lines skipped (never more),
// steps that go back rewind what a reader holds.
#include "run/run_log.h"

#include <gtest/gtest.h>

#include "test_support.h"

using namespace latentlab;

namespace {

void append(const std::filesystem::path& file, const std::string& text) {
  FILE* f = std::fopen(file.c_str(), "ab");
  std::fwrite(text.data(), 1, text.size(), f);
  std::fclose(f);
}

}  // namespace

TEST(RunLog, MetricsAreAppendedAndReadIncrementally) {
  test::TempDir dir;
  AppendLog log(dir / kMetricsLogFile, metricsHeader({"loss", "kl"}));
  MetricsLogReader reader(dir.path());
  MetricsHistory history;
  EXPECT_FALSE(reader.poll(history));  // nothing written yet
  const float a[] = {2.5f, 0.5f}, b[] = {2.0f, 0.25f};
  log.add(metricsRow(0, a, 2));
  log.add(metricsRow(1, b, 2));
  log.flush();
  ASSERT_TRUE(reader.poll(history));
  EXPECT_EQ(history.names(), (std::vector<std::string>{"loss", "kl"}));
  ASSERT_EQ(history.rows(), 2);
  EXPECT_FLOAT_EQ(history.value(1, 1), 0.25f);
  EXPECT_FALSE(reader.poll(history)) << "a poll without new lines changes nothing";
  log.add(metricsRow(2, a, 2));
  log.flush();
  ASSERT_TRUE(reader.poll(history));
  EXPECT_EQ(history.rows(), 3);
  EXPECT_EQ(history.lastStep(), 2);
}

TEST(RunLog, TornLastLineWaitsAndDamagedLinesAreSkippedNotTheRest) {
  test::TempDir dir;
  const auto file = dir / kMetricsLogFile;
  test::writeBytes(file, "step,loss\n0,1\n1,0.9\n2,0.");
  MetricsLogReader reader(dir.path());
  MetricsHistory history;
  reader.poll(history);
  EXPECT_EQ(history.rows(), 2) << "the torn line is not read yet";
  append(file, "8\n3,zzz\n4,0.7\n5,0.6,1\n6,0.5\n");
  reader.poll(history);
  ASSERT_EQ(history.rows(), 5);
  EXPECT_EQ(history.step(2), 2);
  EXPECT_FLOAT_EQ(history.value(0, 2), 0.8f);
  EXPECT_EQ(history.step(3), 4) << "the damaged line 3 is skipped, the lines after it are kept";
  EXPECT_EQ(history.step(4), 6);
  EXPECT_EQ(reader.damagedLines(), 2);
}

TEST(RunLog, AWriterClosesATornLineBeforeAppending) {
  test::TempDir dir;
  const auto file = dir / kMetricsLogFile;
  test::writeBytes(file, "step,loss\n0,1\n1,0.9e");  // a writer killed mid-line (in "0.9e-05")
  {
    AppendLog log(file, metricsHeader({"loss"}));
    const float v = 0.5f;
    log.add(metricsRow(1, &v, 1));
    log.flush();
  }
  MetricsLogReader reader(dir.path());
  MetricsHistory history;
  reader.poll(history);
  ASSERT_EQ(history.rows(), 2);
  EXPECT_FLOAT_EQ(history.value(0, 1), 0.5f);
  EXPECT_EQ(reader.damagedLines(), 1);
}

TEST(RunLog, StepsGoingBackRewindTheReader) {
  test::TempDir dir;
  test::writeBytes(dir / kMetricsLogFile, "step,loss\n0,4\n1,3\n2,2\n3,1\n1,3.5\n2,2.5\n");
  MetricsLogReader reader(dir.path());
  MetricsHistory history;
  reader.poll(history);
  ASSERT_EQ(history.rows(), 3);
  EXPECT_FLOAT_EQ(history.value(0, 1), 3.5f);
  EXPECT_EQ(history.lastStep(), 2);
}

TEST(RunLog, AReplacedFileIsReadAgainFromTheStart) {
  test::TempDir dir;
  const auto file = dir / kMetricsLogFile;
  test::writeBytes(file, "step,loss\n0,4\n1,3\n");
  MetricsLogReader reader(dir.path());
  MetricsHistory history;
  reader.poll(history);
  ASSERT_EQ(history.rows(), 2);
  std::filesystem::remove(file);
  test::writeBytes(file, "step,loss\n0,9\n");  // a format-1 writer replaces the whole file
  EXPECT_TRUE(reader.poll(history));
  ASSERT_EQ(history.rows(), 1);
  EXPECT_FLOAT_EQ(history.value(0, 0), 9.0f);
}

TEST(RunLog, EventsAndEpochsWithRewinds) {
  test::TempDir dir;
  AppendLog log(dir / kEventLogFile, "");
  log.add(eventLine({10, "lr 0.001 -> 0.01"}, false));
  log.add(epochLine({50, 1, 2.0f, 2.5f}));
  log.add(eventLine({80, "paused"}, false));
  log.add(epochLine({100, 2, 1.5f, 2.0f}));
  log.add(eventLine({60, "resumed"}, true));  // the run went back to step 60: later entries are gone
  log.add("{not json");
  log.add(epochLine({100, 2, 1.4f, 1.9f}));
  log.flush();
  EventLogReader reader(dir.path());
  RunRecord record;
  ASSERT_TRUE(reader.poll(record));
  ASSERT_EQ(record.events.size(), 2u);
  EXPECT_EQ(record.events[0].text, "lr 0.001 -> 0.01");
  EXPECT_EQ(record.events[1].text, "resumed");
  ASSERT_EQ(record.epochs.size(), 2u);
  EXPECT_FLOAT_EQ(record.epochs[1].testLoss, 1.9f);
  EXPECT_EQ(reader.damagedLines(), 1);
}
