// LatentLab's frame loop, in the plain style of Dear ImGui's GLFW + OpenGL3 example. It lives in the explorer
// library (explorer_launch.h), which the launcher (main.cpp) loads while it shows the window's first frames.
#include <glad/gl.h>
#include <GLFW/glfw3.h>
#include <imgui.h>
#include <backends/imgui_impl_glfw.h>
#include <backends/imgui_impl_opengl3.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <string>
#include <thread>
#include <vector>

#include "app_options.h"
#include "bench_hooks.h"
#include "explorer.h"
#include "exit_status.h"
#include "explorer_launch.h"
#include "frame_log.h"
#include "frame_stats.h"
#include "gl/display_lost.h"
#include "gl/frame_painter.h"
#include "gl/screenshot.h"
#include "window.h"
#include "io/image.h"
#include "run/run_directory.h"
#include "layout.h"
#include "panels/data_model_panel.h"
#include "panels/latent_views_panel.h"
#include "panels/loss_plot_panel.h"
#include "panels/reconstruction_panel.h"
#include "panels/scatter_panel.h"
#include "panels/sliders_panel.h"
#include "panels/system_panel.h"
#include "panels/training_panel.h"
#include "safe_draw.h"
#include "test_report.h"
#include "training_threads.h"
#include "window_events.h"
#include "util/compute_threads.h"
#include "util/error.h"
#include "util/fnv_hash.h"
#include "util/runtime_info.h"

using namespace latentlab;

static void handleDrops(Explorer& explorer) {
  for (const auto& path : takeDroppedPaths()) {
    if (RunDirectory::isRunDirectory(path)) explorer.openRun(path);
    else if (std::filesystem::is_directory(path)) explorer.openData("folder:" + path);
    else if (std::filesystem::is_regular_file(path)) {
      explorer.form().import.latent = 0;
      explorer.openModel(path);  // a TorchScript model: anything else is refused by name
    } else
      explorer.status().fail("dropped '" + path + "': drop a folder of images, a run directory or a TorchScript file");
  }
}

static void handleShortcuts(Explorer& explorer) {
  const ImGuiIO& io = ImGui::GetIO();
  if (io.WantTextInput) return;  // typing in a field
  if (ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Space), false)) explorer.toggleTraining();
  if (io.KeyCtrl && ImGui::IsKeyPressed(GLFW_KEY_S, false)) explorer.saveRun();
  if (io.KeyCtrl && ImGui::IsKeyPressed(GLFW_KEY_E, false)) explorer.exportEverything();
  if (!io.KeyCtrl && ImGui::IsKeyPressed(GLFW_KEY_R, false)) explorer.codes().randomSeed();
  // Back and forward through the codes shown, as in a browser.
  if (io.KeyAlt && ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_LeftArrow), false)) explorer.codes().back();
  if (io.KeyAlt && ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_RightArrow), false)) explorer.codes().forward();
}

static void drawMenuAndStatus(Explorer& explorer, GLFWwindow* window) {
  if (ImGui::BeginMainMenuBar()) {
    if (ImGui::BeginMenu("File")) {
      if (ImGui::MenuItem("Save run", "Ctrl+S")) explorer.saveRun();
      if (ImGui::MenuItem("Open model (the path in Data & model)", nullptr, false,
                          !explorer.form().modelFile.empty())) {
        explorer.form().import.latent = 0;
        explorer.openModel(explorer.form().modelFile);
      }
      if (ImGui::MenuItem("Quit")) glfwSetWindowShouldClose(window, GLFW_TRUE);
      ImGui::EndMenu();
    }
    if (ImGui::BeginMenu("Export")) {
      if (ImGui::MenuItem("Current image (PNG)")) explorer.exportCurrentImage();
      if (ImGui::MenuItem("Sample grid (PNG)")) explorer.exportSampleGrid();
      if (ImGui::MenuItem("Loss history (CSV)")) explorer.exportLossCsv();
      if (ImGui::MenuItem("Latent codes (CSV)")) explorer.exportLatentCsv();
      if (ImGui::MenuItem("One code across training (PNG)")) explorer.exportTimelineStrip();
      if (ImGui::MenuItem("All of the above", "Ctrl+E")) explorer.exportEverything();
      ImGui::EndMenu();
    }
    if (ImGui::BeginMenu("Help")) {
      ImGui::TextUnformatted("Space: start / pause    Ctrl+S: save    Ctrl+E: export    R: random code");
      ImGui::TextUnformatted("Alt+Left / Alt+Right: the previous / next code on the sliders");
      ImGui::TextUnformatted("Drop a folder of images to train on it, or a run directory to continue it.");
      ImGui::TextUnformatted("Drop a TorchScript file (torch.jit.save) to explore a model trained elsewhere.");
      ImGui::EndMenu();
    }
    // What happens off the frame loop, while it happens: a run being opened, earlier runs saving as they close.
    if (explorer.opening()) ImGui::TextDisabled("  opening run...");
    if (explorer.closing() > 0) ImGui::TextDisabled("  closing the previous run (saving)...");
    // Errors stay until the next action; info messages fade after a few seconds.
    StatusLine& status = explorer.status();
    const std::string message = status.freshMessage();
    if (status.failed()) {
      const std::string failure = status.failure().text();
      ImGui::TextColored(ImVec4(1.0f, 0.45f, 0.35f, 1.0f), "  %s", failure.c_str());
      if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", failure.c_str());
      if (ImGui::SmallButton("x")) status.clearFailure();
      if (ImGui::IsItemHovered()) ImGui::SetTooltip("Dismiss this message");
    } else if (!message.empty()) {
      ImGui::TextColored(ImVec4(0.6f, 0.9f, 0.6f, 1.0f), "  %s", message.c_str());
      // The menu bar cuts a long message (the paths of every export): the whole of it on hover.
      if (ImGui::IsItemHovered()) {
        ImGui::BeginTooltip();
        ImGui::PushTextWrapPos(ImGui::GetFontSize() * 45);
        ImGui::TextUnformatted(message.c_str());
        ImGui::PopTextWrapPos();
        ImGui::EndTooltip();
      }
    }
    ImGui::EndMainMenuBar();
  }
}

// The slider image's identity, compared between frames by the GUI tests (report) and bench/run (frame log).
static size_t imageHash(const Image& image) { return size_t(fnv1a(image.pixels.data(), image.pixels.size())); }

static std::string testFacts(const Explorer& explorer, const DataModelPanel& dataModel, const SlidersPanel& sliders,
                             const ScatterPanel& scatter, int frames, int framesRendered, const FrameStats& frameStats,
                             const FramePainter& painter, int trainingThreads, double otherProcessesCores) {
  nlohmann::json facts;
  facts["training_threads"] = trainingThreads;  // what the window asks for; the trainer's own count below
  facts["other_processes_cores"] = otherProcessesCores;
  facts["trainer_threads"] = explorer.snapshot() ? explorer.snapshot()->computeThreads : 0;
  facts["frames_rendered"] = framesRendered;    // drawn and shown; the others repeated the frame on screen
  const RedrawCheck& redraw = painter.check();  // frames drawn in part, and --test-check-redraw's findings
  facts["redraw"] = {{"drawing", painter.description()},
                     {"partial_frames", redraw.partialFrames},
                     {"checked_frames", redraw.checkedFrames},
                     {"mismatched_frames", redraw.mismatchedFrames},
                     {"mismatched_pixels", redraw.mismatchedPixels}};
  const auto& snap = explorer.snapshot();
  facts["frame_ms_p50"] = frameStats.quantileMs(0.5);
  facts["frame_ms_p95"] = frameStats.quantileMs(0.95);
  facts["frame_ms_p99"] = frameStats.quantileMs(0.99);
  facts["frame_ms_max"] = frameStats.quantileMs(1.0);
  facts["frame_ms_worst"] = frameStats.worstMs();
  facts["slow_frames"] = frameStats.slowFrames();
  facts["source"] = snap ? sourceKindName(snap->source.kind) : "none";
  facts["writer"] = snap ? snap->source.writer : "";
  facts["can_continue"] = explorer.canContinue();
  facts["model_step"] = snap ? snap->modelStep : -1;
  facts["timeline"] = snap ? snap->timeline : std::vector<int64_t>{};
  facts["timeline_step"] = explorer.timelineStep() ? *explorer.timelineStep() : -1;
  facts["timeline_loading"] = explorer.timelineLoading();
  facts["frames"] = frames;  // every frame drawn: it keeps growing while runs open and close
  facts["opening"] = explorer.opening();
  facts["closing"] = explorer.closing();
  facts["run_generation"] = explorer.runGeneration();
  facts["total_steps"] = snap ? snap->totalSteps : 0;
  facts["steps_per_epoch"] = snap ? snap->stepsPerEpoch : 0;
  facts["form_epochs"] = explorer.form().settings.epochs;
  facts["form_steps"] = explorer.form().settings.steps;
  facts["info"] = explorer.status().message();
  facts["step"] = snap ? snap->step : 0;
  facts["loss_rows"] = snap ? snap->history.rows() : 0;
  facts["reconstructions"] = snap ? snap->reconstructions.size() : 0;
  facts["latent_points"] = snap && snap->latents ? snap->latents->count : 0;
  facts["scatter_renders"] = scatter.renderCount();
  facts["umap"] = scatter.embedding().facts();  // the scatter's UMAP: state, epoch, frames drawn meanwhile
  scatter.reportFacts(facts);  // facts["scatter"]: hover, shown count, neighbours, view (scatter_panel.cpp)
  facts["state"] = snap ? trainerStateName(snap->state) : "none";
  facts["run_dir"] = snap ? snap->runDir : "";
  facts["slider0"] = explorer.codes().code().empty() ? 0.0 : double(explorer.codes().code()[0]);
  facts["pick_a"] = explorer.codes().pickA();
  facts["pick_b"] = explorer.codes().pickB();
  facts["decoded_hash"] = std::to_string(imageHash(sliders.shownImage()));
  facts["last_export"] = explorer.lastExport();
  facts["exported_files"] = explorer.exportedFiles();
  facts["exporting"] = explorer.exporting();
  facts["error"] = explorer.status().failure().text();
  facts["source_error"] = snap ? snap->error.text() : "";
  facts["data_loads"] = explorer.dataLoads();
  facts["latent_dims"] = explorer.latentDims();
  facts["import_busy"] = explorer.sourceBusy();
  facts["decoding"] = explorer.decoding();
  facts["import_needs_latent"] = explorer.needsLatentSize();
  facts["source_note"] = snap ? snap->source.note : "";
  facts["data_path_field"] = dataModel.typedPath();
  facts["failed_data"] = explorer.failedData().spec;
  // The layout (GUI layout test): the window's size, the menu bar, each panel's rectangle and content extent.
  const ImVec2 display = ImGui::GetIO().DisplaySize;
  facts["display"] = {{"w", display.x}, {"h", display.y}, {"menu", menuBarHeight()}};
  for (const auto& p : panelExtents())
    facts["panels"][p.name] = {{"drawn", p.drawn},
                               {"collapsed", p.collapsed},
                               {"x0", p.x0},
                               {"y0", p.y0},
                               {"x1", p.x1},
                               {"y1", p.y1},
                               {"inner_w", p.innerWidth},
                               {"inner_h", p.innerHeight},
                               {"content_w", p.contentWidth},
                               {"content_h", p.contentHeight},
                               {"scrolls_y", p.scrollsY}};
  return facts.dump();
}

static int runApp(const AppOptions& options, Window& window, FrameLog& frameLog) {
  // Training starts on one core fewer than the machine has (the process's count, which other threads start from)
  // and takes every core while the user only watches (training_threads.h).
  TrainingThreads trainingThreads(int(std::thread::hardware_concurrency()), options.threads);
  OtherProcessesCpu otherProcesses;
  configureTorchThreads(trainingThreads.whileWorked());
  computeOnThisThreadAlone();  // the frame loop decodes on its own thread: only the trainer's computes in parallel

  Explorer explorer([] { return ImGui::GetTime(); }, options.testSlowLifecycle);
  if (options.autostart) explorer.startWhenReady();
  if (options.epochs > 0) explorer.form().settings.epochs = options.epochs;
  if (!options.model.empty()) explorer.chooseModel(parseModelKind(options.model));
  explorer.form().import = options.modelFile.options;
  if (!options.modelFile.file.empty()) {
    if (!options.data.empty()) explorer.openData(options.data);  // the model opens once the data is there
    explorer.openModel(options.modelFile.file);
  } else if (!options.run.empty()) {
    explorer.openRun(options.run);
  } else {
    explorer.openData(options.data.empty() ? defaultDataSpec() : options.data);
  }

  FramePainter painter(window.handle(), window.glRenderer(), options.testCheckRedraw);
  SystemPanel systemPanel(window.glVersion(), painter.description(), trainingThreads.whileWatched(),
                          trainingThreads.whileWorked());
  // The X server gone: the runs are saved as on a normal close, then the process ends (it never returns here,
  // so the explorer is not destroyed twice).
  onDisplayLost([&explorer] { explorer.~Explorer(); });
  DataModelPanel dataModelPanel;
  TrainingPanel trainingPanel;
  LossPlotPanel lossPlotPanel;
  ReconstructionPanel reconstructionPanel;
  ScatterPanel scatterPanel;
  SlidersPanel slidersPanel;
  LatentViewsPanel latentViewsPanel;
  if (options.umap) scatterPanel.showUmap();
  TestReport report(options.testReport);
  enableItemMarks(report.enabled());

  int frame = 0, framesDrawn = 0, framesRendered = 0;
  FrameStats frameStats;
  PointReplicator pointReplicator;
  while (!glfwWindowShouldClose(window.handle()) && !quitRequested()) {
    // Headless runs render a fixed number of frames; while training or loading, refresh 20 times a second (the
    // snapshots change 4 times a second, and software OpenGL frames are not free); otherwise sleep until the
    // user does something.
    const bool busy = explorer.loading() || explorer.opening() || explorer.closing() > 0 || explorer.exporting() ||
                      explorer.decoding() ||
                      (explorer.snapshot() && explorer.snapshot()->state == TrainerState::Running) ||
                      scatterPanel.busy();  // UMAP refines the scatter meanwhile
    if (options.frames > 0) glfwPollEvents();
    else glfwWaitEventsTimeout(busy ? 1.0 / 20 : 0.5);

    frameStats.begin();
    ImGui_ImplOpenGL3_NewFrame();
    ImGui_ImplGlfw_NewFrame();
    ImGui::NewFrame();
    frameStats.lap("new frame");

    // Each part of the frame on its own: an exception from one (a file that does not fit its model, say) becomes
    // the error line, and the other panels and the frame loop go on.
    StatusLine& error = explorer.status();
    drawSafely("update", error, [&] {
      explorer.update();
      explorer.replaceShownSnapshot(pointReplicator.apply(explorer.snapshot()));
      if (Trainer* trainer = explorer.trainer()) {
        const double now = glfwGetTime();
        trainer->setComputeThreads(
            trainingThreads.update(userIsWorkingTheWindow(ImGui::GetIO()),
                                   // --frames draws flat out, without waiting for events: a core's worth of frames
                                   options.frames > 0 || explorer.decoding() || explorer.exporting() ||
                                       scatterPanel.busy(),
                                   otherProcesses.sample(now), now));
      }
    });
    frameStats.lap("update");
    drawSafely("drop", error, [&] { handleDrops(explorer); });
    frameStats.lap("drop");
    drawSafely("shortcut", error, [&] { handleShortcuts(explorer); });
    frameStats.lap("shortcut");
    layoutFrame(ImGui::GetIO().DisplaySize);
    drawSafely("menu", error, [&] { drawMenuAndStatus(explorer, window.handle()); });
    frameStats.lap("menu");
    drawSafely("data and model", error, [&] { dataModelPanel.draw(explorer); });
    frameStats.lap("data and model");
    drawSafely("training", error, [&] { trainingPanel.draw(explorer); });
    frameStats.lap("training");
    drawSafely("loss plot", error, [&] { lossPlotPanel.draw(explorer); });
    frameStats.lap("loss plot");
    drawSafely("reconstructions", error, [&] { reconstructionPanel.draw(explorer); });
    frameStats.lap("reconstructions");
    drawSafely("scatter", error, [&] { scatterPanel.draw(explorer); });
    frameStats.lap("scatter");
    drawSafely("latent sliders", error, [&] { slidersPanel.draw(explorer); });
    frameStats.lap("latent sliders");
    drawSafely("latent views", error, [&] { latentViewsPanel.draw(explorer); });
    frameStats.lap("latent views");
    drawSafely("system", error, [&] { systemPanel.draw(); });
    frameStats.lap("system");
    trackPanels();

    ImGui::Render();
    int width = 0, height = 0;
    glfwGetFramebufferSize(window.handle(), &width, &height);

    // Every frame: a test script that just clicked must see the result without guessing how long to wait.
    ++framesDrawn;
    if (report.enabled()) {
      int x = 0, y = 0;
      glfwGetWindowPos(window.handle(), &x, &y);
      report.write(x, y,
                   testFacts(explorer, dataModelPanel, slidersPanel, scatterPanel, framesDrawn, framesRendered,
                             frameStats, painter, trainingThreads.current(), otherProcesses.sample(glfwGetTime())));
      frameStats.lap("test report");
    }
    // Headless runs count only frames that show a run, so loading the data does not use up --frames, and
    // --wait-steps holds the count until training got that far and the scatter has codes to show. An error ends
    // the wait: the frame shows it.
    const bool hasRun =
        explorer.snapshot() && explorer.snapshot()->decoder && !explorer.loading() && !explorer.opening();
    // An imported model is never trained: its frames count once its views are derived.
    const bool trainedEnough = hasRun && (explorer.snapshot()->source.kind == SourceKind::Imported
                                              ? !explorer.sourceBusy()
                                              : explorer.snapshot()->step >= options.waitSteps &&
                                                    (options.waitSteps == 0 || explorer.snapshot()->latents));
    // A source that reports an error (training stopped on a NaN, a model file that does not fit), or training
    // that finished short of K, will not get further: stop waiting, the frames show why.
    const bool sourceError = explorer.snapshot() && !explorer.snapshot()->error.empty();
    const bool finished = options.waitSteps > 0 && hasRun && explorer.snapshot()->source.kind == SourceKind::Live &&
                          explorer.snapshot()->state == TrainerState::Finished;
    const bool waiting = (!error.failed() && !sourceError && !finished && !trainedEnough) ||
                         (options.umap && !error.failed() && !sourceError &&
                          !scatterPanel.embedding().settled());  // --umap: until a UMAP finished
    if (!waiting) ++frame;
    const bool lastFrame = options.frames > 0 && frame >= options.frames;

    // Only what differs from the frame on screen is drawn (gl/frame_painter.h); the screenshot's frame whole.
    if (takeExposed() || lastFrame) painter.forceNext();
    const bool drawn = painter.draw(*ImGui::GetDrawData(), width, height);
    if (drawn) {
      ++framesRendered;
      systemPanel.frameRendered(painter.lastShare());
    }
    frameStats.lap("render");
    if (lastFrame) {
      if (!options.screenshot.empty()) {
        writePng(options.screenshot, readFramebuffer(width, height));
        std::printf("screenshot written to %s (%dx%d)\n", options.screenshot.c_str(), width, height);
      }
      glfwSetWindowShouldClose(window.handle(), GLFW_TRUE);
    }
    if (drawn) painter.present();
    frameStats.lap("swap");
    frameStats.end();
    if (frameLog.enabled()) {
      const size_t hash = imageHash(slidersPanel.shownImage());
      auto parts = frameStats.parts();
      parts.emplace_back("drawn_share", drawn ? painter.lastShare() : 0.0);  // of the window's pixels
      frameLog.write(frameStats.lastMs(), frameStats.partMs("scatter"),
                     explorer.snapshot() ? explorer.snapshot()->step : 0, hasRun,
                     explorer.codes().code().empty() ? 0.0 : double(explorer.codes().code()[0]), hash, parts);
    }
  }

  // The window goes at once; the explorer, destroyed on return, still waits for every run's final save.
  glfwHideWindow(window.handle());
  return 0;
}

extern "C" int latentlab_explore(const ExplorerLaunch* launch) {
  if (!launch || launch->version != kExplorerLaunchVersion) {
    std::fprintf(stderr,
                 "latentlab: the explorer library does not belong to this launcher (interface %d, not %d): "
                 "build or install LatentLab again\n",
                 launch ? launch->version : -1, kExplorerLaunchVersion);
    return 2;
  }
  return exitStatusOf([&] { return runApp(*launch->options, *launch->window, *launch->frameLog); });
}
