// LatentLab desktop program: the launcher. Loading LibTorch's libraries is most of the start-up (0.42 s of the
// 0.56 s to the first frame when the program linked them), so this executable links only the window: GLFW, glad
// and Dear ImGui. It starts loading the explorer library (the frame loop, the panels, the engine and LibTorch;
// explorer_launch.h) on a thread, opens the window and draws the layout, empty, until the explorer is there; then
// hands the window over. A library that cannot load is an error in the window and on stderr, not a crash.
#include <glad/gl.h>
#include <GLFW/glfw3.h>
#include <imgui.h>
#include <backends/imgui_impl_glfw.h>
#include <backends/imgui_impl_opengl3.h>

#include <CLI/CLI.hpp>

#include <chrono>
#include <cstdio>
#include <string>

#if defined(__GLIBC__)
#include <malloc.h>
#endif

#include "app_options.h"
#include "exit_status.h"
#include "explorer_loader.h"
#include "frame_log.h"
#include "window.h"
#include "layout.h"
#include "starting_frame.h"
#include "window_events.h"

using namespace latentlab;

namespace {

// glibc's malloc raises its mmap threshold to the size of any mmapped block freed, so the trainer's rollback copy
// would send the window's later blocks of 1-10 MB into the threads' arenas, where they fragment and stay resident.
// Fixed thresholds keep large blocks in mmap and trim a heap only past 16 MB (docs/performance.md, "Figures behind
// the code"). The CLI keeps glibc's defaults.
void tuneMallocForTheWindow() {
#if defined(__GLIBC__)
  mallopt(M_MMAP_THRESHOLD, 4 << 20);
  mallopt(M_TRIM_THRESHOLD, 16 << 20);
#endif
}

double secondsSince(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

// One frame of the starting window, drawn whole (there is little on it) and shown.
void drawFrame(GLFWwindow* window, StartingState state, const std::string& message, FrameLog& frameLog) {
  const auto start = std::chrono::steady_clock::now();
  ImGui_ImplOpenGL3_NewFrame();
  ImGui_ImplGlfw_NewFrame();
  ImGui::NewFrame();
  layoutFrame(ImGui::GetIO().DisplaySize);
  drawStartingFrame(state, message.c_str());
  trackPanels();
  ImGui::Render();
  int width = 0, height = 0;
  glfwGetFramebufferSize(window, &width, &height);
  glViewport(0, 0, width, height);
  glClearColor(kWindowBackground[0], kWindowBackground[1], kWindowBackground[2], kWindowBackground[3]);
  glClear(GL_COLOR_BUFFER_BIT);
  ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
  glfwSwapBuffers(window);
  // bench/run's start-up figure is the first line; "starting" marks the frames drawn before the explorer ran.
  frameLog.write(secondsSince(start) * 1e3, 0, 0, false, 0, 0, {{"starting", 1}});
}

int launch(const AppOptions& options) {
  Window window({options.windowWidth, options.windowHeight, "LatentLab", true});
  installWindowEvents(window.handle());
  IMGUI_CHECKVERSION();
  ImGui::CreateContext();
  ImGui::GetIO().IniFilename = options.iniFile.empty() ? nullptr : options.iniFile.c_str();
  setupStyleAndFonts(window.contentScale());
  ImGui_ImplGlfw_InitForOpenGL(window.handle(), true);
  ImGui_ImplOpenGL3_Init("#version 330 core");
  FrameLog frameLog;
  const std::string loading = "starting: loading the engine (LibTorch)";
  // The first frame before the explorer loads: a dlopen holds the dynamic linker's lock until the library's
  // constructors have run, and the window needs that lock too, for its libraries (Xrandr, GLX, Mesa's driver,
  // Xcursor for ImGui's cursors) and for every shader llvmpipe compiles (LLVM's JIT calls dlopen). The first
  // frame compiles the shaders the starting frames use; later ones draw meanwhile.
  drawFrame(window.handle(), StartingState::Loading, loading, frameLog);
  ExplorerLoader explorer(ExplorerLoader::defaultPath(), options.testSlowStart);

  // Until the explorer is loaded: the layout, redrawn as the user moves the mouse or resizes, and to count the
  // seconds. The loader wakes the wait the moment it is done.
  explorer.wakeWhenDone(glfwPostEmptyEvent);
  const auto start = std::chrono::steady_clock::now();
  int status = 0;
  while (!explorer.done() && !glfwWindowShouldClose(window.handle()) && !quitRequested()) {
    glfwWaitEventsTimeout(0.1);
    if (explorer.done()) break;
    const int tenths = int(secondsSince(start) * 10);
    drawFrame(window.handle(), StartingState::Loading, loading + std::string(size_t(tenths % 4), '.'), frameLog);
  }
  explorer.wakeWhenDone(nullptr);

  if (glfwWindowShouldClose(window.handle()) || quitRequested()) {
    glfwHideWindow(window.handle());  // closed while starting: there is no run to save; the loader is waited for
  } else if (const ExploreFunction explore = explorer.entry()) {
    const ExplorerLaunch handover{kExplorerLaunchVersion, &options, &window, &frameLog};
    status = explore(&handover);
  } else {
    // The reason on stderr and in the window, which stays until closed (or for --frames' frames).
    std::fprintf(stderr, "latentlab: %s\n", explorer.error().c_str());
    for (int frame = 0; !glfwWindowShouldClose(window.handle()) && !quitRequested(); ++frame) {
      if (options.frames > 0 && frame >= options.frames) break;
      drawFrame(window.handle(), StartingState::Failed, explorer.error(), frameLog);
      if (options.frames > 0) glfwPollEvents();
      else glfwWaitEventsTimeout(0.5);
    }
    status = 2;
  }
  ImGui_ImplOpenGL3_Shutdown();
  ImGui_ImplGlfw_Shutdown();
  ImGui::DestroyContext();
  return status;
}

}  // namespace

int main(int argc, char** argv) {
  tuneMallocForTheWindow();
  AppOptions options;
  CLI::App cli{"LatentLab: explore the latent spaces of generative models"};
  addAppOptions(cli, options);
  CLI11_PARSE(cli, argc, argv);
  catchQuitSignals();
  return exitStatusOf([&] { return launch(options); });
}
