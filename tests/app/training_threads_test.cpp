// How many threads training gets while the window is open (app/explorer/training_threads.h).
#include <gtest/gtest.h>
#include <imgui.h>

#include <chrono>
#include <cstdlib>

#include "training_threads.h"

using namespace latentlab;

TEST(TrainingThreads, EveryCoreWhileWatchedOneFewerWhileWorkedAndASecondAfter) {
  TrainingThreads threads(4, 0);
  EXPECT_EQ(threads.update(false, false, 0, 10.0), 4);
  EXPECT_EQ(threads.update(true, false, 0, 10.1), 3) << "a button held";
  EXPECT_EQ(threads.update(false, false, 0, 10.6), 3) << "between two clicks";
  EXPECT_EQ(threads.update(false, false, 0, 11.2), 4);
  EXPECT_EQ(threads.update(false, true, 0, 11.3), 3) << "the window's own workers compute (decodes, UMAP, exports)";
  EXPECT_EQ(threads.current(), 3);
}

// Another process on the cores (a compiler): an OpenMP thread preempted holds the others up, so one fewer, until
// the cores have been free for a while.
TEST(TrainingThreads, OneFewerWhileOtherProcessesUseTheCores) {
  TrainingThreads threads(2, 0);
  EXPECT_EQ(threads.update(false, false, 0.05, 1.0), 2) << "an X server drawing our frames is not a load";
  EXPECT_EQ(threads.update(false, false, 1.8, 2.0), 1);
  EXPECT_EQ(threads.update(false, false, 0, 4.0), 1) << "a pause between two files of a build";
  EXPECT_EQ(threads.update(false, false, 0, 7.5), 2);
}

TEST(TrainingThreads, OneCoreOrAFixedCountNeverChanges) {
  TrainingThreads single(1, 0), fixed(8, 3);
  for (bool working : {false, true}) {
    EXPECT_EQ(single.update(working, false, 0, 1.0), 1);
    EXPECT_EQ(fixed.update(working, working, working ? 4.0 : 0, 1.0), 3) << "the user's --threads";
  }
}

// The sampler sees CPU that another process burns (a busy child process, 0.6 s of one core).
TEST(TrainingThreads, OtherProcessesCpuSeesABusyChild) {
  OtherProcessesCpu others;
  const auto start = std::chrono::steady_clock::now();
  auto seconds = [&] { return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count(); };
  others.sample(seconds());
  ASSERT_EQ(std::system("timeout 1.2 sh -c 'while :; do :; done'"), 124 << 8);
  EXPECT_GT(others.sample(seconds()), 0.5);
}

TEST(TrainingThreads, InputThatMakesFrames) {
  ImGui::CreateContext();
  ImGuiIO& io = ImGui::GetIO();
  EXPECT_FALSE(userIsWorkingTheWindow(io));
  io.MousePos = ImVec2(100, 100);  // hovering alone costs next to nothing
  EXPECT_FALSE(userIsWorkingTheWindow(io));
  io.MouseDown[0] = true;
  EXPECT_TRUE(userIsWorkingTheWindow(io));
  io.MouseDown[0] = false;
  io.MouseWheel = 1;
  EXPECT_TRUE(userIsWorkingTheWindow(io));
  io.MouseWheel = 0;
  io.AddInputCharacter('a');
  EXPECT_TRUE(userIsWorkingTheWindow(io));
  ImGui::DestroyContext();
}
