// The Explorer without a display: one source replaced in one place, the code and its history, the timeline and
// the status line, driven through a fake source whose snapshots the test writes.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <mutex>
#include <thread>

#include "code_state.h"
#include "explorer.h"
#include "latent/prior_codes.h"
#include "run/saved_run.h"
#include "source/live_source.h"
#include "status_line.h"
#include "synthetic_data.h"
#include "test_support.h"

using namespace latentlab;

namespace {

// A source whose snapshots and abilities the test sets; it says when it is destroyed (closed by the worker).
class FakeSource : public Source {
 public:
  FakeSource(int latent, SourceAbilities can, std::shared_ptr<std::atomic<bool>> closed = nullptr)
      : can_(can), closed_(std::move(closed)) {
    auto first = std::make_shared<Snapshot>();
    first->config.model.latent = latent;
    first->source.kind = SourceKind::Saved;
    first->version = 1;
    snapshot_ = std::move(first);
  }
  ~FakeSource() override {
    if (closed_) *closed_ = true;
  }
  std::shared_ptr<const Snapshot> snapshot() const override {
    std::lock_guard<std::mutex> lock(mutex_);
    return snapshot_;
  }
  SourceAbilities abilities() const override { return can_; }
  bool busy() const override { return false; }
  void publish(const std::function<void(Snapshot&)>& change) {
    std::lock_guard<std::mutex> lock(mutex_);
    auto next = std::make_shared<Snapshot>(*snapshot_);
    change(*next);
    ++next->version;
    snapshot_ = std::move(next);
  }

 private:
  SourceAbilities can_;
  std::shared_ptr<std::atomic<bool>> closed_;
  mutable std::mutex mutex_;
  std::shared_ptr<const Snapshot> snapshot_;
};

struct TestClock {
  double now = 100.0;
  StatusLine::Clock clock() {
    return [this] { return now; };
  }
};

// Polls until `done` holds, for at most 30 s (a loaded machine is slow; a pass returns at once).
bool eventually(const std::function<bool()>& done) {
  for (int i = 0; i < 3000 && !done(); ++i) std::this_thread::sleep_for(std::chrono::milliseconds(10));
  return done();
}

}  // namespace

TEST(Explorer, ShowingASourceClosesTheOldOneOnTheWorkerAndViewsRederive) {
  TestClock time;
  Explorer explorer(time.clock());
  auto firstClosed = std::make_shared<std::atomic<bool>>(false);
  explorer.showSource(std::make_unique<FakeSource>(4, SourceAbilities{}, firstClosed), "first");
  const int64_t generation = explorer.runGeneration();
  EXPECT_EQ(explorer.status().message(), "first");
  EXPECT_EQ(explorer.snapshot()->config.model.latent, 4);

  auto second = std::make_unique<FakeSource>(4, SourceAbilities{});
  const Source* secondSeen = second.get();
  explorer.showSource(std::move(second), "second");
  EXPECT_EQ(explorer.source(), secondSeen);
  EXPECT_GT(explorer.runGeneration(), generation) << "views re-derive from the new source";
  EXPECT_TRUE(eventually([&] { return firstClosed->load(); })) << "the old source is closed on the worker";
  EXPECT_EQ(explorer.closing(), 0) << "a source that does not save on close is not counted as saving";
}

TEST(Explorer, AModelOfAnotherLatentSizeStartsAFreshCodeHistory) {
  TestClock time;
  Explorer explorer(time.clock());
  explorer.showSource(std::make_unique<FakeSource>(4, SourceAbilities{}), "");
  explorer.codes().fromSeed(7);
  explorer.codes().fromSeed(8);
  EXPECT_EQ(explorer.codes().history().size(), 3u);
  EXPECT_EQ(explorer.codes().code(), codeFromSeed(8, 4));

  explorer.showSource(std::make_unique<FakeSource>(4, SourceAbilities{}), "");
  EXPECT_EQ(explorer.codes().code(), Code(4, 0.0f)) << "the same size: the origin, recorded";
  EXPECT_EQ(explorer.codes().history().size(), 4u);

  explorer.showSource(std::make_unique<FakeSource>(6, SourceAbilities{}), "");
  EXPECT_EQ(explorer.codes().code(), Code(6, 0.0f));
  EXPECT_EQ(explorer.codes().history().size(), 1u) << "codes of another size cannot be shown again";
}

TEST(CodeState, BackAndForwardReturnTheCodesAndTheirSeeds) {
  CodeState codes;
  codes.resize(3);
  codes.fromSeed(1);
  codes.fromSeed(2);
  codes.back();
  EXPECT_EQ(codes.code(), codeFromSeed(1, 3));
  EXPECT_EQ(codes.seed(), std::optional<uint64_t>(1));
  codes.forward();
  EXPECT_EQ(codes.code(), codeFromSeed(2, 3));
  EXPECT_EQ(codes.seed(), std::optional<uint64_t>(2));
}

TEST(CodeState, ACodeEditedByHandIsRecordedBeforeGoingBack) {
  CodeState codes;
  codes.resize(2);
  codes.fromSeed(5);
  codes.values()[0] = 1.5f;  // a slider dragged, not yet recorded
  codes.edited();
  EXPECT_FALSE(codes.seed()) << "the seed no longer says what the code is";
  codes.back();
  EXPECT_EQ(codes.code(), codeFromSeed(5, 2));
  codes.forward();
  EXPECT_EQ(codes.code()[0], 1.5f) << "Forward returns to the edited code";
}

TEST(CodeState, TwoRandomPicksAreDifferentPoints) {
  CodeState codes;
  for (int i = 0; i < 20; ++i) {
    codes.pickRandom(2);
    EXPECT_NE(codes.pickA(), codes.pickB());
    EXPECT_GE(codes.pickA(), 0);
    EXPECT_LT(codes.pickB(), 2);
  }
  codes.clearPicks();
  EXPECT_EQ(codes.pickA(), -1);
}

TEST(Explorer, ASourcesFailureIsSaidOnceInTheStatusLine) {
  TestClock time;
  Explorer explorer(time.clock());
  auto source = std::make_unique<FakeSource>(4, SourceAbilities{});
  FakeSource* fake = source.get();
  explorer.showSource(std::move(source), "");
  explorer.update();
  EXPECT_FALSE(explorer.status().failed());

  fake->publish([](Snapshot& s) { s.error = {"training stopped", "the loss became NaN", "lower the learning rate"}; });
  explorer.update();
  ASSERT_TRUE(explorer.status().failed());
  EXPECT_EQ(explorer.status().failure().text(), "training stopped: the loss became NaN (lower the learning rate)");

  explorer.status().clearFailure();  // the user dismisses it
  explorer.update();
  EXPECT_FALSE(explorer.status().failed()) << "a dismissed failure is not said again while it stays the same";

  fake->publish([](Snapshot& s) { s.error = {"saving failed", "no space left on device", ""}; });
  explorer.update();
  EXPECT_EQ(explorer.status().failure().text(), "saving failed: no space left on device");
}

TEST(StatusLine, MessagesFadeWithTheClockAndFailuresStay) {
  TestClock time;
  StatusLine status(time.clock());
  status.say("saved step 40");
  status.fail("cannot open x");
  EXPECT_EQ(status.freshMessage(), "saved step 40");
  time.now += 7;
  EXPECT_EQ(status.freshMessage(), "") << "a message fades after six seconds";
  EXPECT_EQ(status.failure().text(), "cannot open x") << "a failure stays until dismissed";
  status.clearFailure();
  EXPECT_FALSE(status.failed());
}

TEST(Explorer, TheTimelineNeedsASourceWithOne) {
  TestClock time;
  Explorer explorer(time.clock());
  explorer.showSource(std::make_unique<FakeSource>(4, SourceAbilities{}), "");
  explorer.showTimelineStep(100);
  EXPECT_FALSE(explorer.timelineStep()) << "a source without a timeline stays live";
}

TEST(Explorer, AVanishedTimelineStepIsSaidAndTheViewsGoBackToLive) {
  TestClock time;
  test::TempDir dir;
  Explorer explorer(time.clock());
  SourceAbilities can;
  can.timeline = true;
  auto source = std::make_unique<FakeSource>(4, can);
  FakeSource* fake = source.get();
  fake->publish([&](Snapshot& s) {
    s.runDir = dir.path().string();
    s.timeline = {100};
  });
  explorer.showSource(std::move(source), "");
  explorer.showTimelineStep(100);
  EXPECT_EQ(explorer.timelineStep(), std::optional<int64_t>(100));
  EXPECT_TRUE(explorer.timelineLoading());
  ASSERT_TRUE(eventually([&] {
    explorer.update();
    return !explorer.timelineStep();
  })) << "the step's file is not there: the views go back to the newest model";
  EXPECT_NE(explorer.status().failure().text().find("cannot show step 100"), std::string::npos)
      << explorer.status().failure().text();
}

TEST(Explorer, SavingASourceThisProcessDoesNotTrainSaysWhoSaves) {
  TestClock time;
  Explorer explorer(time.clock());
  auto source = std::make_unique<FakeSource>(4, SourceAbilities{});
  source->publish([](Snapshot& s) {
    s.runDir = "/runs/a";
    s.source.kind = SourceKind::Followed;
    s.source.writer = "latentlab-cli train (pid 7)";
  });
  explorer.showSource(std::move(source), "");
  explorer.saveRun();
  EXPECT_EQ(explorer.status().message(), "this run is saved by its writer, latentlab-cli train (pid 7)");
  EXPECT_EQ(explorer.trainer(), nullptr);
  explorer.toggleTraining();
  EXPECT_FALSE(explorer.opening()) << "a run another process writes is not continued here";
  EXPECT_EQ(explorer.status().failure().text(),
            "this run is being trained by latentlab-cli train (pid 7): it can be continued here once that stops")
      << "Space says why";
}

TEST(Explorer, ContinuingHereNeedsTheRunsData) {
  TestClock time;
  Explorer explorer(time.clock());
  SourceAbilities can;
  can.continueHere = true;
  auto source = std::make_unique<FakeSource>(4, can);
  source->publish([](Snapshot& s) { s.runDir = "/runs/b"; });
  explorer.showSource(std::move(source), "");
  ASSERT_TRUE(explorer.canContinue());
  explorer.toggleTraining();
  EXPECT_EQ(explorer.status().failure().text(), "the run's data is not loaded");
}

TEST(Explorer, ReplacingALiveSourceSavesItsRunOnTheWorker) {
  TestClock time;
  test::TempDir dir;
  const auto data = test::makeSquaresDataset(256, 64);
  const TrainConfig config = test::smallConfig(ModelKind::VaeMlp, *data, 100000);
  auto trainer = std::make_unique<Trainer>(data, config, dir.path() / "run", test::quietOptions());
  Explorer explorer(time.clock());
  explorer.showSource(std::make_unique<LiveSource>(std::move(trainer)), "");
  ASSERT_NE(explorer.trainer(), nullptr) << "a live source has the training controls";
  EXPECT_TRUE(explorer.abilities().train);
  explorer.toggleTraining();  // Space: start
  ASSERT_TRUE(eventually([&] {
    explorer.update();
    return explorer.snapshot()->step >= 20;
  })) << "the trainer trains";

  explorer.showSource(std::make_unique<FakeSource>(4, SourceAbilities{}), "");
  EXPECT_EQ(explorer.trainer(), nullptr);
  ASSERT_TRUE(eventually([&] { return explorer.closing() == 0; })) << "the old run closes on the worker";
  const int64_t saved = SavedRun::open(dir.path() / "run").step();
  EXPECT_GE(saved, 20) << "closing a live source saved its run where it was";
}
