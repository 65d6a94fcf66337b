#pragma once
// The desktop program's command line (see README.md, "Training from the command line").
#include <cstdint>
#include <string>

#include "catalogue/shared_options.h"

namespace CLI {
class App;
}

namespace latentlab {

struct AppOptions {
  std::string data;         // data spec to open at start
  std::string run;          // run directory to open at start
  std::string model;        // model to create at start
  ModelFileArgs modelFile;  // TorchScript model to explore at start (with `data` for its encoder), what it is
  bool autostart = false;   // start training as soon as the window opens
  int64_t epochs = 0;       // the form's training target; 0: its default
  bool umap = false;        // the latent scatter on UMAP axes from the start
  int threads = 0;          // training threads; 0: one fewer than the machine's cores
  int frames = 0;           // render this many frames, then exit (0: run until closed)
  std::string screenshot;   // with --frames: write the last frame here as PNG
  int windowWidth = 0;      // the first window's size; 0: 1600x1000, or less to fit the monitor's work area
  int windowHeight = 0;
  std::string iniFile;           // where ImGui keeps the window layout between launches
  int64_t waitSteps = 0;         // with --frames: count frames only once training reached this step
  std::string testReport;        // GUI tests: write control positions and state here
  std::string testCheckRedraw;   // GUI tests: check each partial redraw against the whole frame (gl/frame_painter.h)
  double testSlowLifecycle = 0;  // GUI tests: opening or closing a run takes at least this many seconds more
  double testSlowStart = 0;      // GUI tests: the explorer library loads this many seconds later
};

void addAppOptions(CLI::App& cli, AppOptions& options);

}  // namespace latentlab
