#pragma once
// How far training is, as people read it: "epoch 3 (40%)". One place derives it for the window and the CLI, so a
// finished 10-epoch run reads "epoch 10 (100%)", not "epoch 11 (0%)" (the step count then sits on an epoch's end).
#include <cstdint>

namespace latentlab {

struct EpochProgress {
  int64_t epoch = 1;    // the epoch under way, counted from 1; an epoch's last step still belongs to it
  double fraction = 0;  // of that epoch's steps done, 0..1
};

// step: optimizer steps done; stepsPerEpoch <= 0 (unknown) gives epoch 1 at 0%.
EpochProgress epochProgress(int64_t step, int64_t stepsPerEpoch);

}  // namespace latentlab
