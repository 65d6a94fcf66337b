// How many threads training gets while the window is open (app/training_threads.h).
#include <gtest/gtest.h>
#include <imgui.h>

#include "training_threads.h"

using namespace latentlab;

TEST(TrainingThreads, EveryCoreWhileWatchedOneFewerWhileWorkedAndASecondAfter) {
  TrainingThreads threads(4, 0);
  EXPECT_EQ(threads.update(false, false, 10.0), 4);
  EXPECT_EQ(threads.update(true, false, 10.1), 3) << "a button held";
  EXPECT_EQ(threads.update(false, false, 10.6), 3) << "between two clicks";
  EXPECT_EQ(threads.update(false, false, 11.2), 4);
  EXPECT_EQ(threads.update(false, true, 11.3), 3) << "the window's own workers compute (decodes, UMAP, exports)";
  EXPECT_EQ(threads.current(), 3);
}

TEST(TrainingThreads, OneCoreOrAFixedCountNeverChanges) {
  TrainingThreads single(1, 0), fixed(8, 3);
  for (bool working : {false, true}) {
    EXPECT_EQ(single.update(working, false, 1.0), 1);
    EXPECT_EQ(fixed.update(working, false, 1.0), 3) << "the user's --threads";
  }
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
