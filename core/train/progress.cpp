#include "train/progress.h"

namespace latentlab {

EpochProgress epochProgress(int64_t step, int64_t stepsPerEpoch) {
  if (stepsPerEpoch <= 0 || step <= 0) return {};
  // Step s (1-based) is part of epoch ceil(s / stepsPerEpoch): after 10 whole epochs we are at the end of the 10th.
  const int64_t epoch = (step - 1) / stepsPerEpoch + 1;
  const int64_t done = step - (epoch - 1) * stepsPerEpoch;
  return {epoch, double(done) / double(stepsPerEpoch)};
}

}  // namespace latentlab
