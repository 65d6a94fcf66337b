#pragma once
// The one call from the launcher (main.cpp: the window, Dear ImGui and glad, linked without LibTorch) into the
// explorer (liblatentlab_explorer.so: the frame loop, the panels, the engine and LibTorch). Loading LibTorch's
// libraries takes most of the start-up, so the launcher opens the window and draws its first frames while a
// thread loads the explorer (explorer_loader.h), then hands the window over with this call. The explorer uses the
// launcher's Dear ImGui, glad and layout: the executable exports them (ENABLE_EXPORTS), so there is one of each.
namespace latentlab {

struct AppOptions;
class FrameLog;
class Window;

// Raised whenever the struct or the meaning of a field changes: a stale library is refused by name, not run.
constexpr int kExplorerLaunchVersion = 3;

struct ExplorerLaunch {
  int version = kExplorerLaunchVersion;
  const AppOptions* options = nullptr;
  Window* window = nullptr;      // current GL context; ImGui's context and its GLFW and OpenGL3 backends set up on it
  FrameLog* frameLog = nullptr;  // the launcher's frames are in it already
};

using ExploreFunction = int (*)(const ExplorerLaunch*);
constexpr const char* kExploreSymbol = "latentlab_explore";

}  // namespace latentlab

// Runs the frame loop until the window is closed; returns the program's exit status. The window stays the
// launcher's; ImGui's backends are shut down by the launcher after the return.
extern "C" int latentlab_explore(const latentlab::ExplorerLaunch* launch);
