#include "panels/training_panel.h"

#include <imgui.h>

#include <cstdio>

#include "explorer.h"
#include "layout.h"
#include "panels/panel_util.h"
#include "test_report.h"
#include "util/format.h"

namespace latentlab {

void TrainingPanel::draw(Explorer& ex) {
  placeNext("Training");
  if (!ImGui::Begin("Training")) {
    ImGui::End();
    return;
  }
  Trainer* trainer = ex.trainer();
  const auto snap = ex.snapshot;
  if (!trainer || !snap) {
    ImGui::TextDisabled(ex.loading() ? "loading data..." : ex.opening() ? "opening run..." : "no run: load data or open a run");
    ImGui::End();
    return;
  }
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

  const float fraction = snap->totalSteps ? float(snap->step) / float(snap->totalSteps) : 0.0f;
  char overlay[160];
  const long long epoch = snap->stepsPerEpoch ? snap->step / snap->stepsPerEpoch : 0;
  std::snprintf(overlay, sizeof overlay, "epoch %lld (%.0f%%)  step %lld / %lld", epoch + 1,
                snap->stepsPerEpoch ? 100.0 * double(snap->step % snap->stepsPerEpoch) / double(snap->stepsPerEpoch) : 0.0,
                (long long)snap->step, (long long)snap->totalSteps);
  ImGui::ProgressBar(fraction, ImVec2(-1, 0), overlay);
  tooltip("Progress towards the planned number of steps");
  ImGui::Text("%.0f images/s", snap->imagesPerSecond);
  ImGui::SameLine(160);
  ImGui::Text("ETA %s", snap->etaSeconds > 0 ? formatDuration(snap->etaSeconds).c_str() : "-");
  if (snap->history.series() > 0 && snap->history.rows() > 0) {
    ImGui::SameLine(300);
    ImGui::Text("%s %.4g", snap->history.names()[0].c_str(), double(snap->history.last(0)));
  }

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
    ImGui::SameLine();
    ImGui::SetNextItemWidth(110);
    if (ImGui::InputDouble("beta##live", &beta_, 0, 0, "%.3f", ImGuiInputTextFlags_EnterReturnsTrue) && beta_ >= 0)
      trainer->setBeta(beta_);
    tooltip("Change the KL weight now (press Enter); marked on the loss curves");
  }
  if (!snap->message.empty()) ImGui::TextDisabled("%s", snap->message.c_str());
  if (!snap->error.empty()) ImGui::TextColored(ImVec4(1.0f, 0.45f, 0.35f, 1.0f), "%s", snap->error.c_str());
  ImGui::End();
}

}  // namespace latentlab
