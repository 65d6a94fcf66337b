#include "panels/training_panel.h"

#include <imgui.h>

#include <cstdio>

#include "explorer.h"
#include "layout.h"
#include "panels/panel_util.h"
#include "test_report.h"
#include "train/progress.h"
#include "util/format.h"

namespace latentlab {

void TrainingPanel::draw(Explorer& ex) {
  placeNext("Training");
  if (!ImGui::Begin("Training")) {
    ImGui::End();
    return;
  }
  Trainer* trainer = ex.trainer();
  const auto snap = ex.snapshot();
  if (!snap) {
    ImGui::TextDisabled(ex.loading()   ? "loading data..."
                        : ex.opening() ? "opening run..."
                                       : "no run: load data or open a run");
    ImGui::End();
    return;
  }
  drawSource(ex, *snap);
  const bool imported = snap->source.kind == SourceKind::Imported;  // explored here, never trained
  if (trainer) drawControls(trainer, snap.get());
  if (!imported) drawProgress(snap.get());
  if (trainer) drawHyperparameters(trainer, snap.get());
  if (ex.abilities().timeline) drawTimeline(ex, *snap);
  // The source's own note (resumed, damaged lines skipped), wrapped; its failures go to the status line.
  if (!snap->message.empty()) {
    ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled));
    ImGui::TextWrapped("%s", snap->message.c_str());
    ImGui::PopStyleColor();
  }
  ImGui::End();
}

// Where what the window shows comes from, who writes it and how fresh it is; a run nobody writes any more can be
// continued here in one click.
void TrainingPanel::drawSource(Explorer& ex, const Snapshot& snap) {
  const ImVec4 live(0.55f, 0.85f, 0.55f, 1.0f), followed(0.45f, 0.75f, 1.0f, 1.0f), saved(0.8f, 0.8f, 0.8f, 1.0f);
  switch (snap.source.kind) {
    case SourceKind::Live:
      ImGui::TextColored(live, "LIVE");
      tooltip("This window trains the run");
      ImGui::SameLine();
      ImGui::TextDisabled("trained here");
      break;
    case SourceKind::Followed:
      ImGui::TextColored(followed, "FOLLOWING");
      tooltip("Another process writes this run; the window reads it and writes nothing into it");
      ImGui::SameLine();
      {  // wrapped: a job's writer line (program, pid, host, ranks, speed) is longer than the panel is wide
        char line[512];
        std::snprintf(line, sizeof line, "%s, heartbeat %.0f s ago, new steps %.0f s ago", snap.source.writer.c_str(),
                      snap.source.heartbeatAge, std::max(0.0, snap.source.dataAge));
        ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled));
        ImGui::TextWrapped("%s", line);
        ImGui::PopStyleColor();
      }
      break;
    case SourceKind::Saved:
      ImGui::TextColored(saved, "SAVED");
      tooltip("Nobody writes this run now: it is shown as saved");
      ImGui::SameLine();
      ImGui::BeginDisabled(!ex.canContinue() || ex.opening());
      if (ImGui::SmallButton("Continue training here")) ex.continueHere(true);
      markItem("continue");
      tooltip("This window becomes the run's writer and trains on from its last save (Space does the same)");
      ImGui::EndDisabled();
      ImGui::SameLine();
      ImGui::TextDisabled("%s", snap.source.note.c_str());
      break;
    case SourceKind::Imported:
      ImGui::TextColored(ImVec4(0.95f, 0.75f, 0.4f, 1.0f), "IMPORTED");
      tooltip("A TorchScript model trained elsewhere: every view works, nothing is trained or written here");
      ImGui::SameLine();
      ImGui::TextWrapped("%s", snap.source.note.c_str());
      if (ex.sourceBusy() && snap.version > 0) ImGui::TextDisabled("encoding the data set...");
      break;
  }
}

void TrainingPanel::drawControls(Trainer* trainer, const Snapshot* snap) {
  const TrainerState state = snap->state;
  const bool running = state == TrainerState::Running;
  if (running) {
    if (ImGui::Button("Pause")) trainer->pause();
    markItem("start_pause");
    tooltip("Pause training (Space); the run is saved if it has a directory");
  } else {
    if (ImGui::Button(state == TrainerState::Paused ? "Resume" : "Start")) trainer->start();
    markItem("start_pause");
    tooltip("Start or resume training (Space)");
  }
  ImGui::SameLine();
  ImGui::BeginDisabled(running);
  if (ImGui::Button("Step")) trainer->stepOnce();
  tooltip("Run exactly one training step");
  ImGui::EndDisabled();
  ImGui::SameLine();
  ImGui::BeginDisabled(state == TrainerState::Idle || state == TrainerState::Finished);
  if (ImGui::Button("Stop")) trainer->stop();
  markItem("stop");
  tooltip("Stop training (saves a run that has a directory). Start trains again.");
  ImGui::EndDisabled();
  ImGui::SameLine();
  ImGui::Text("%s", trainerStateName(state));
}

void TrainingPanel::drawProgress(const Snapshot* snap) {
  const float fraction = snap->totalSteps ? float(snap->step) / float(snap->totalSteps) : 0.0f;
  char overlay[160];
  const EpochProgress epoch = epochProgress(snap->step, snap->stepsPerEpoch);
  std::snprintf(overlay, sizeof overlay, "epoch %lld (%.0f%%)  step %lld / %lld", (long long)epoch.epoch,
                100.0 * epoch.fraction, (long long)snap->step, (long long)snap->totalSteps);
  ImGui::ProgressBar(fraction, ImVec2(-1, 0), overlay);
  tooltip("Progress towards the planned number of steps");
  ImGui::Text("%.0f images/s", snap->imagesPerSecond);
  if (snap->computeThreads > 0 && snap->state == TrainerState::Running) {
    ImGui::SameLine();
    ImGui::TextDisabled("(%d %s)", snap->computeThreads, snap->computeThreads == 1 ? "thread" : "threads");
    tooltip(
        "Training takes every core while you watch, and leaves the window one while you drag, scroll or type "
        "(the window is drawn on the same cores). --threads N fixes the count.");
  }
  sameLineIfRoom(140);  // not at fixed columns: a narrow panel wraps instead of cutting the row
  ImGui::Text("ETA %s", snap->etaSeconds > 0 ? formatDuration(snap->etaSeconds).c_str() : "-");
  if (snap->history.series() > 0 && snap->history.rows() > 0) {
    sameLineIfRoom(140);
    ImGui::Text("%s %.4g", snap->history.names()[0].c_str(), double(snap->history.last(0)));
  }
}

void TrainingPanel::drawHyperparameters(Trainer* trainer, const Snapshot* snap) {
  // Live hyperparameters: edits apply on Enter and are marked on the loss curves.
  if (seenVersion_ < 0 || !ImGui::IsAnyItemActive()) {
    lr_ = snap->config.lr;
    beta_ = snap->config.beta;
  }
  seenVersion_ = snap->version;
  ImGui::SetNextItemWidth(140);
  if (ImGui::InputDouble("learning rate##live", &lr_, 0, 0, "%.6f", ImGuiInputTextFlags_EnterReturnsTrue) && lr_ > 0)
    trainer->setLearningRate(lr_);
  tooltip("Change the learning rate now (press Enter); marked on the loss curves");
  if (!isGan(snap->config.model.kind)) {
    sameLineIfRoom(150);
    ImGui::SetNextItemWidth(110);
    if (ImGui::InputDouble("beta##live", &beta_, 0, 0, "%.3f", ImGuiInputTextFlags_EnterReturnsTrue) && beta_ >= 0)
      trainer->setBeta(beta_);
    tooltip("Change the KL weight now (press Enter); marked on the loss curves");
  }
}

// A slider over the run's model timeline: every view follows the chosen step; Live goes back to the newest.
void TrainingPanel::drawTimeline(Explorer& ex, const Snapshot& snap) {
  const auto& steps = snap.timeline;
  if (steps.empty()) {
    ImGui::TextDisabled("timeline: no snapshots yet");
    return;
  }
  const auto chosen = ex.timelineStep();
  int index = int(steps.size()) - 1;
  if (chosen)
    for (size_t i = 0; i < steps.size(); ++i)
      if (steps[i] <= *chosen) index = int(i);
  const bool live = !chosen;
  ImGui::BeginDisabled(live);
  if (ImGui::Button("Live")) ex.showTimelineStep(std::nullopt);
  markItem("timeline_live");
  tooltip("Show the newest model again");
  ImGui::EndDisabled();
  ImGui::SameLine();
  char label[96];
  if (live) std::snprintf(label, sizeof label, "live (step %lld)", (long long)snap.modelStep);
  else
    std::snprintf(label, sizeof label, "step %lld%s", (long long)steps[size_t(index)],
                  ex.timelineLoading() ? " (loading)" : "");
  ImGui::SetNextItemWidth(-150);
  if (ImGui::SliderInt("##timeline", &index, 0, int(steps.size()) - 1, label, ImGuiSliderFlags_AlwaysClamp))
    ex.showTimelineStep(steps[size_t(index)]);
  markItem("timeline");
  tooltip(
      "The model timeline: weights saved over training, dense early and sparse late. Every view shows the "
      "model at the chosen step.");
  ImGui::SameLine();
  ImGui::BeginDisabled(ex.exportingStrip());
  if (ImGui::Button("Export strip")) ex.exportTimelineStrip();
  markItem("timeline_strip");
  tooltip("The sliders' code decoded by every model of the timeline, oldest first, as one PNG");
  ImGui::EndDisabled();
}

}  // namespace latentlab
