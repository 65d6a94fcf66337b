// The trainer thread's commands (start, pause, stop, settings, saves, digests), carried out between steps in the
// order they were sent.
#include <algorithm>
#include <cstdio>

#include "run/run_recovery.h"
#include "train/trainer_impl.h"
#include "util/error.h"

namespace latentlab {

void Trainer::Impl::stopTraining() {
  if (state == TrainerState::Idle || state == TrainerState::Finished) return;
  setState(TrainerState::Stopping);
  flushLosses();
  if (run) saveNow();
  message = "stopped at step " + std::to_string(progress.step);
  setState(TrainerState::Finished);
}

void Trainer::Impl::execute(const TrainerCommand& command) {
  using Kind = TrainerCommand::Kind;
  switch (command.kind) {
    case Kind::Start:
    case Kind::Resume:
      if (state == TrainerState::Finished || progress.step >= progress.totalSteps) {
        const int64_t more = config.steps > 0 ? config.steps : std::max<int64_t>(config.epochs, 1) * stepsPerEpoch;
        progress.totalSteps = progress.step + more;
      }
      if (!running()) {
        if (state == TrainerState::Paused) addEvent("resumed training");
        error = {};
        speedSince = Clock::now();
        speedSinceStep = progress.step;
        setState(TrainerState::Running);
        log("training from step " + std::to_string(progress.step) + " to " + std::to_string(progress.totalSteps));
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
        if (run) saveNow();
      }
      break;
    case Kind::StepOnce:
      if (!running()) {
        trainOneStep();
        flushLosses();
        if (state != TrainerState::Paused) setState(TrainerState::Paused);
      }
      break;
    case Kind::Stop:
      if (running() && sync->distributed())
        stopWanted = true;  // acted on once the ranks agree (agreeToContinue), so that none is left waiting
      else
        stopTraining();
      break;
    case Kind::SetLr:
      if (!(command.value > 0) || command.value > 10) throw Error("learning rate must be in (0, 10]");
      if (command.value != progress.lr) {
        beforeSettingsChange();
        model->setLearningRate(command.value);
        addEvent("lr " + std::to_string(progress.lr).substr(0, 8) + " -> " + std::to_string(command.value).substr(0, 8));
        progress.lr = config.lr = command.value;
      }
      break;
    case Kind::SetBeta:
      if (!(command.value >= 0) || command.value > 1000) throw Error("beta must be in [0, 1000]");
      if (command.value != progress.beta) {
        beforeSettingsChange();
        addEvent("beta " + std::to_string(progress.beta).substr(0, 6) + " -> " + std::to_string(command.value).substr(0, 6));
        progress.beta = config.beta = command.value;
      }
      break;
    case Kind::SetTotalSteps:
      progress.totalSteps = std::max<int64_t>(progress.step, int64_t(command.value));
      break;
    case Kind::Save:
      if (!run) throw Error("this run has no directory yet: use Save As to choose one");
      flushLosses();
      saveNow();
      message = "saved to " + run->root().string();
      break;
    case Kind::SaveAs: {
      flushLosses();
      if (RunDirectory::isRunDirectory(command.path) && !isUnfinishedRun(command.path))
        throw Error("'" + command.path.string() + "' already holds a run: choose another directory");
      attachRun(command.path, true);
      saveNow();
      message = "saved to " + run->root().string();
      break;
    }
    case Kind::RefreshLatents:
      latentsRequested = true;
      break;
    case Kind::SetLatentRefresh:
      options.latentRefreshSeconds = command.value;
      break;
    case Kind::Sync:
      break;
    case Kind::Digest:
      *command.text = weightsDigest();
      break;
  }
}

}  // namespace latentlab
