#pragma once
// The live source: a trainer in this process, the only source whose training controls work. Closing it stops
// training within a step and saves (Trainer's destructor), so the window closes it off the frame loop.
#include <memory>

#include "source/source.h"
#include "train/trainer.h"

namespace latentlab {

class LiveSource : public Source {
 public:
  explicit LiveSource(std::unique_ptr<Trainer> trainer) : trainer_(std::move(trainer)) {}

  std::shared_ptr<const Snapshot> snapshot() const override { return trainer_->snapshot(); }
  SourceAbilities abilities() const override {
    const auto snap = trainer_->snapshot();
    SourceAbilities can;
    can.train = true;
    can.timeline = !snap->runDir.empty();
    can.encode = encodes(*snap);
    return can;
  }
  bool busy() const override { return false; }
  bool savesOnClose() const override { return true; }
  Trainer* trainer() override { return trainer_.get(); }

 private:
  std::unique_ptr<Trainer> trainer_;
};

}  // namespace latentlab
