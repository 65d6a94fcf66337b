// The trainer thread's commands (start, pause, stop, settings, saves, digests), carried out between steps in the
// order they were sent.
#include <algorithm>
#include <cstdio>

#include "run/run_recovery.h"
#include "train/trainer_impl.h"
#include "util/error.h"

namespace latentlab {

void Trainer::Impl::stopTraining() {
  if (shared.state == TrainerState::Idle || shared.state == TrainerState::Finished) return;
  setState(TrainerState::Stopping);
  flushLosses();
  if (writer.run) saveNow();
  message = "stopped at step " + std::to_string(plan.progress.step);
  setState(TrainerState::Finished);
}

void Trainer::Impl::execute(const TrainerCommand& command) {
  using Kind = TrainerCommand::Kind;
  switch (command.kind) {
    case Kind::Start:
    case Kind::Resume:
      if (shared.state == TrainerState::Finished || plan.progress.step >= plan.progress.totalSteps) {
        const int64_t more = config.steps > 0 ? config.steps : std::max<int64_t>(config.epochs, 1) * plan.stepsPerEpoch;
        plan.progress.totalSteps = plan.progress.step + more;
      }
      if (!running()) {
        if (shared.state == TrainerState::Paused) addEvent("resumed training");
        error = {};
        speed.speedSince = Clock::now();
        speed.speedSinceStep = plan.progress.step;
        setState(TrainerState::Running);
        log("training from step " + std::to_string(plan.progress.step) + " to " +
            std::to_string(plan.progress.totalSteps));
      }
      break;
    case Kind::Pause:
      if (running() && sync->distributed()) {
        stopWanted = true;  // a job cannot pause one rank: it stops, saved, at a step all ranks agree on
        break;
      }
      if (running()) {
        flushLosses();
        addEvent("paused");
        setState(TrainerState::Paused);
        if (writer.run) saveNow();
      }
      break;
    case Kind::StepOnce:
      if (!running()) {
        trainOneStep();
        flushLosses();
        if (shared.state != TrainerState::Paused) setState(TrainerState::Paused);
      }
      break;
    case Kind::Stop:
      if (running() && sync->distributed())
        stopWanted = true;  // acted on once the ranks agree (agreeToContinue), so that none is left waiting
      else stopTraining();
      break;
    case Kind::SetLr:
      if (!(command.value > 0) || command.value > 10) throw Error("learning rate must be in (0, 10]");
      if (command.value != plan.progress.lr) {
        beforeSettingsChange();
        model->setLearningRate(command.value);
        addEvent("lr " + std::to_string(plan.progress.lr).substr(0, 8) + " -> " +
                 std::to_string(command.value).substr(0, 8));
        plan.progress.lr = config.lr = command.value;
      }
      break;
    case Kind::SetBeta:
      if (!(command.value >= 0) || command.value > 1000) throw Error("beta must be in [0, 1000]");
      if (command.value != plan.progress.beta) {
        beforeSettingsChange();
        addEvent("beta " + std::to_string(plan.progress.beta).substr(0, 6) + " -> " +
                 std::to_string(command.value).substr(0, 6));
        plan.progress.beta = config.beta = command.value;
      }
      break;
    case Kind::SetTotalSteps:
      plan.progress.totalSteps = std::max<int64_t>(plan.progress.step, int64_t(command.value));
      break;
    case Kind::Save:
      if (!writer.run) throw Error("this run has no directory yet: use Save As to choose one");
      flushLosses();
      saveNow();
      message = "saved to " + writer.run->root().string();
      break;
    case Kind::SaveAs: {
      flushLosses();
      if (RunDirectory::isRunDirectory(command.path) && !isUnfinishedRun(command.path))
        throw Error("'" + command.path.string() + "' already holds a run: choose another directory");
      attachRun(command.path, true);
      saveNow();
      message = "saved to " + writer.run->root().string();
      break;
    }
    case Kind::RefreshLatents: views.latentsRequested = true; break;
    case Kind::SetLatentRefresh: options.latentRefreshSeconds = command.value; break;
    case Kind::Sync: break;
    case Kind::Digest: *command.text = weightsDigest(); break;
  }
}

}  // namespace latentlab
