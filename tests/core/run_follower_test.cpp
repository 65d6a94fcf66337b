// A run written by a trainer and read by a follower, as another process would: history, events, the newest
// model and the timeline arrive; the follower never writes; a run never continues on other data unnoticed.
#include "source/run_follower.h"

#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <thread>

#include "latent/latent_decoder.h"
#include "run/timeline.h"
#include "synthetic_data.h"
#include "test_support.h"
#include "run/saved_run.h"
#include "train/trainer.h"
#include "util/error.h"

using namespace latentlab;
namespace fs = std::filesystem;

namespace {

TrainerOptions writingOptions() {
  auto options = test::quietOptions();
  options.modelWriteSeconds = 0;  // model.pt at every publish
  return options;
}

std::map<std::string, std::string> contents(const fs::path& dir) {
  std::map<std::string, std::string> files;
  for (const auto& entry : fs::recursive_directory_iterator(dir))
    if (entry.is_regular_file()) {
      std::ifstream in(entry.path(), std::ios::binary);
      files[entry.path().string()] = std::string(std::istreambuf_iterator<char>(in), {});
    }
  return files;
}

// Polls until `done` holds for the follower's snapshot, or about 20 s pass.
template <typename Done>
std::shared_ptr<const Snapshot> waitFor(RunFollower& follower, Done done) {
  for (int i = 0; i < 200; ++i) {
    follower.waitForPoll();
    auto snap = follower.snapshot();
    if (done(*snap)) return snap;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  return follower.snapshot();
}

}  // namespace

TEST(RunFollower, FollowsALiveRunThenSeesItSaved) {
  test::TempDir dir;
  const auto data = test::makeSquaresDataset(512, 64);
  auto trainer =
      std::make_unique<Trainer>(data, test::smallConfig(ModelKind::VaeMlp, *data, 150), dir / "run", writingOptions());
  RunFollower follower(dir / "run", data);
  auto snap = waitFor(follower, [](const Snapshot& s) { return s.source.kind == SourceKind::Followed; });
  EXPECT_EQ(snap->source.kind, SourceKind::Followed);
  EXPECT_NE(snap->source.writer.find("pid"), std::string::npos) << snap->source.writer;
  trainer->start();
  EXPECT_EQ(trainer->waitWhileRunning(), TrainerState::Finished);
  const auto trained = trainer->snapshot();
  snap = waitFor(follower, [](const Snapshot& s) { return s.history.rows() == 150 && s.modelStep == 150; });
  ASSERT_EQ(snap->history.rows(), 150);
  for (int64_t row = 0; row < 150; row += 37)
    EXPECT_FLOAT_EQ(snap->history.value(0, row), trained->history.value(0, row));
  EXPECT_EQ(snap->modelStep, 150);
  ASSERT_TRUE(snap->decoder);
  EXPECT_EQ(snap->reconstructions.size(), 16u);
  EXPECT_EQ(snap->epochs.size(), trained->epochs.size());
  EXPECT_EQ(snap->timeline, trained->timeline);
  EXPECT_GE(snap->timeline.size(), 5u);
  // The follower's decoder draws what the trainer's does.
  LatentDecoder mine, theirs;
  mine.setWeights(snap->decoder);
  theirs.setWeights(trained->decoder);
  const std::vector<float> code(4, 0.5f);
  EXPECT_EQ(mine.decodeOne(code).pixels, theirs.decodeOne(code).pixels);
  trainer.reset();  // the writer lets go
  snap = waitFor(follower, [](const Snapshot& s) { return s.source.kind == SourceKind::Saved; });
  EXPECT_EQ(snap->source.kind, SourceKind::Saved);
  EXPECT_FALSE(snap->source.note.empty());
}

TEST(RunFollower, NeverWritesToTheRun) {
  test::TempDir dir;
  const auto data = test::makeSquaresDataset(256, 64);
  {
    Trainer trainer(data, test::smallConfig(ModelKind::VaeMlp, *data, 60), dir / "run", writingOptions());
    trainer.start();
    trainer.waitWhileRunning();
  }
  const auto before = contents(dir / "run");
  {
    RunFollower follower(dir / "run", data);
    waitFor(follower, [](const Snapshot& s) { return s.modelStep == 60 && s.latents; });
  }
  EXPECT_EQ(contents(dir / "run"), before);
}

TEST(RunFollower, TimelineModelsDifferAndSavedRunOpensAnyStep) {
  test::TempDir dir;
  const auto data = test::makeSquaresDataset(512, 64);
  {
    Trainer trainer(data, test::smallConfig(ModelKind::VaeMlp, *data, 120), dir / "run", writingOptions());
    trainer.start();
    trainer.waitWhileRunning();
  }
  const auto early = SavedRun::open(dir / "run", int64_t(0)), late = SavedRun::open(dir / "run", int64_t(119));
  EXPECT_EQ(early.step(), 0);
  EXPECT_EQ(late.step(), 100);                                       // the timeline's snapshot at or before 119
  EXPECT_EQ(SavedRun::open(dir / "run", int64_t(500)).step(), 120);  // the checkpoint is newer than the timeline
  LatentDecoder a, b;
  a.setWeights(early.decoder());
  b.setWeights(late.decoder());
  const std::vector<float> code(4, 0.0f);
  EXPECT_NE(a.decodeOne(code).pixels, b.decodeOne(code).pixels);
}

TEST(RunIdentity, ARunDoesNotContinueOnOtherDataUnlessAsked) {
  test::TempDir dir;
  const auto data = test::makeSquaresDataset(256, 64, 1, 28, 7);
  {
    Trainer trainer(data, test::smallConfig(ModelKind::VaeMlp, *data, 10), dir / "run", test::quietOptions());
    trainer.start();
    trainer.waitWhileRunning();
  }
  const auto other = test::makeSquaresDataset(256, 64, 1, 28, 8);  // same shape and counts, other pixels
  try {
    Trainer::resume(other, dir / "run", test::quietOptions());
    FAIL() << "resumed on other data";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("not the data this run was trained on"), std::string::npos) << e.what();
  }
  auto options = test::quietOptions();
  options.allowOtherData = true;
  const auto trainer = Trainer::resume(other, dir / "run", options);
  EXPECT_NE(trainer->snapshot()->message.find("WARNING"), std::string::npos);
}
