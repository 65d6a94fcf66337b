// One writer per run: a live owner refuses a second, a closed or dead one can be taken over (and says so).
#include "run/run_owner.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <unistd.h>

#include <chrono>
#include <thread>

#include "test_support.h"
#include "util/error.h"

using namespace latentlab;

namespace {

void writeOwner(const std::filesystem::path& dir, int64_t pid, double heartbeat, const std::string& state,
                const std::string& host = hostName()) {
  test::writeBytes(dir / kOwnerFile, nlohmann::json{{"host", host},
                                                    {"pid", pid},
                                                    {"program", "latentlab-cli train"},
                                                    {"started_at", heartbeat - 100},
                                                    {"heartbeat_at", heartbeat},
                                                    {"state", state},
                                                    {"step", 1234},
                                                    {"token", "someone-else"}}
                                         .dump());
}

}  // namespace

TEST(RunOwner, WritesARecordWithHeartbeatAndClosesIt) {
  test::TempDir dir;
  {
    auto owner = RunOwnership::acquire(dir.path(), "test");
    owner->setStatus("running", 42, 100);
    const auto record = readOwner(dir.path());
    ASSERT_TRUE(record);
    EXPECT_EQ(record->pid, ::getpid());
    EXPECT_EQ(record->host, hostName());
    EXPECT_TRUE(ownerAlive(*record));
  }
  const auto record = readOwner(dir.path());
  ASSERT_TRUE(record);
  EXPECT_EQ(record->state, "closed");
  EXPECT_FALSE(ownerAlive(*record));
}

TEST(RunOwner, ALiveOwnerRefusesASecondWriter) {
  test::TempDir dir;
  auto first = RunOwnership::acquire(dir.path(), "first");
  try {
    RunOwnership::acquire(dir.path(), "second");
    FAIL() << "a second writer was let in";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("being written by first"), std::string::npos) << e.what();
  }
}

TEST(RunOwner, AnotherHostsFreshHeartbeatRefusesAndAStaleOneIsTakenOver) {
  test::TempDir dir;
  writeOwner(dir.path(), 999999, wallClockSeconds(), "running", "cluster-node-7");
  EXPECT_THROW(RunOwnership::acquire(dir.path(), "me"), Error);
  writeOwner(dir.path(), 999999, wallClockSeconds() - 2 * kOwnerStaleSeconds, "running", "cluster-node-7");
  std::string note;
  auto owner = RunOwnership::acquire(dir.path(), "me", &note);
  EXPECT_NE(note.find("took over the run from latentlab-cli train (pid 999999 on cluster-node-7)"), std::string::npos)
      << note;
  EXPECT_NE(note.find("step 1234"), std::string::npos) << note;
}

TEST(RunOwner, ADeadProcessOnThisHostIsNotAlive) {
  test::TempDir dir;
  const pid_t child = fork();
  if (child == 0) _exit(0);
  ASSERT_GT(child, 0);
  int status = 0;
  waitpid(child, &status, 0);
  writeOwner(dir.path(), child, wallClockSeconds(), "running");  // fresh heartbeat, but the process is gone
  const auto record = readOwner(dir.path());
  ASSERT_TRUE(record);
  EXPECT_FALSE(ownerAlive(*record));
  std::string note;
  EXPECT_NO_THROW(RunOwnership::acquire(dir.path(), "me", &note));
  EXPECT_NE(note.find("took over"), std::string::npos);
}

// A data-parallel job's rank 0 records the job's size and speed; readers name them (the window's source line,
// `latentlab-cli follow`). A record without them (older writers) is one process.
TEST(RunOwner, RecordsTheJobsWorldSizeAndSpeed) {
  test::TempDir dir;
  {
    auto owner = RunOwnership::acquire(dir.path(), "latentlab-cli train");
    owner->setStatus("running", 42, 100, 2, 5210.4);
    for (int i = 0; i < 100; ++i) {  // the heartbeat thread writes the status within kOwnerHeartbeatSeconds
      const auto record = readOwner(dir.path());
      if (record && record->worldSize == 2) break;
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    const auto record = readOwner(dir.path());
    ASSERT_TRUE(record);
    EXPECT_EQ(record->worldSize, 2);
    EXPECT_DOUBLE_EQ(record->imagesPerSecond, 5210.4);
    EXPECT_NE(describeOwner(*record).find("rank 0 of 2 ranks, 5210 img/s"), std::string::npos)
        << describeOwner(*record);
  }
  writeOwner(dir.path(), ::getpid(), wallClockSeconds(), "running");
  const auto old = readOwner(dir.path());
  ASSERT_TRUE(old);
  EXPECT_EQ(old->worldSize, 1);
  EXPECT_EQ(describeOwner(*old).find("ranks"), std::string::npos) << describeOwner(*old);
}
