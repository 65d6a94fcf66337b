#pragma once
// The window while the explorer loads, or when it cannot: the menu bar and every panel in its place, empty, with
// one line saying what is happening. The first frame on screen is the layout the user is about to work in, and
// the explorer's first frame draws over it without anything moving.
namespace latentlab {

enum class StartingState { Loading, Failed };

// Between ImGui::NewFrame and ImGui::Render; `message` says what loads, or why it could not.
void drawStartingFrame(StartingState state, const char* message);

}  // namespace latentlab
