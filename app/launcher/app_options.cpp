#include "app_options.h"

#include <CLI/CLI.hpp>

#include <cstdio>
#include <cstdlib>
#include <filesystem>

#include "catalogue/shared_options.h"

namespace latentlab {

// The layout lives in the user's config folder so that it survives launches from any directory.
static std::string defaultIniFile() {
  const char* xdg = std::getenv("XDG_CONFIG_HOME");
  const char* home = std::getenv("HOME");
  std::filesystem::path dir;
  if (xdg && *xdg) dir = std::filesystem::path(xdg) / "latentlab";
  else if (home && *home) dir = std::filesystem::path(home) / ".config" / "latentlab";
  else return "";
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  return ec ? "" : (dir / "imgui.ini").string();
}

void addAppOptions(CLI::App& cli, AppOptions& options) {
  options.iniFile = defaultIniFile();
  addDataSpecOption(cli, options.data, "Data set to open");
  auto* run = cli.add_option("--run", options.run, "Run directory to open and continue");
  addModelNameOption(cli, options.model, "Model to create");
  addModelFileOptions(
      cli, options.modelFile,
      "A TorchScript model trained elsewhere (torch.jit.save) to explore; with --data, its encoder's data")
      ->excludes(run);
  cli.add_flag("--autostart", options.autostart, "Start training as soon as the window opens");
  cli.add_option("--epochs", options.epochs,
                 "Train a new run for this many epochs (default 10; the Data & model "
                 "panel changes it)")
      ->check(CLI::Range(int64_t(1), int64_t(1000000)));
  cli.add_option("--threads", options.threads,
                 "Training threads (default: every core while you watch, one fewer while you drag, scroll or type: "
                 "the window is drawn on the same cores)")
      ->check(CLI::NonNegativeNumber);
  cli.add_flag("--umap", options.umap,
               "Show the latent scatter on UMAP axes from the start (computed in the background)");
  cli.add_option("--frames", options.frames, "Render N frames of the open run and exit (tests, screenshots)")
      ->check(CLI::NonNegativeNumber);
  cli.add_option("--screenshot", options.screenshot, "With --frames: save the last frame as PNG")->needs("--frames");
  cli.add_option("--wait-steps", options.waitSteps,
                 "With --frames: count frames only once training reached step K and the latent codes are there "
                 "(frames while the data loads never count), so a screenshot shows a model trained that far");
  cli.add_option("--test-report", options.testReport,
                 "GUI tests: write where the controls are and what the window shows to this JSON file");
  cli.add_option("--test-check-redraw", options.testCheckRedraw,
                 "GUI tests: draw each frame drawn in part again whole and count the pixels that differ; the "
                 "first difference is written to PREFIX-partial.png and PREFIX-whole.png")
      ->option_text("PREFIX");
  cli.add_option("--test-slow-lifecycle", options.testSlowLifecycle,
                 "GUI tests: opening or closing a run, and each export, takes this many seconds more, to check the "
                 "window keeps drawing meanwhile")
      ->check(CLI::Range(0.0, 60.0));
  cli.add_option("--test-slow-start", options.testSlowStart,
                 "GUI tests: the explorer library loads this many seconds later, to check the window is drawn "
                 "meanwhile")
      ->check(CLI::Range(0.0, 60.0));
  cli.add_option_function<std::string>(
      "--window-size",
      [&options](const std::string& size) {
        int w = 0, h = 0;
        char x = 0;
        if (std::sscanf(size.c_str(), "%d%c%d", &w, &x, &h) != 3 || (x != 'x' && x != 'X') || w < 320 || h < 240 ||
            w > 16384 || h > 16384)
          throw CLI::ValidationError("--window-size", "expected WIDTHxHEIGHT, e.g. 1280x800 (at least 320x240)");
        options.windowWidth = w;
        options.windowHeight = h;
      },
      "The window's size in screen coordinates, WIDTHxHEIGHT (default: 1600x1000, less to fit the screen)");
  cli.add_option("--layout", options.iniFile, "Window layout file (default: ~/.config/latentlab/imgui.ini)");
  cli.add_flag_callback(
      "--no-layout", [&options] { options.iniFile.clear(); },
      "Neither read nor keep the window layout (tests, screenshots)");
}

}  // namespace latentlab
