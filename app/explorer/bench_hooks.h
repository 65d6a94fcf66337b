#pragma once
// Measurement hooks for bench/run, off unless their environment variables are set (so they cost nothing else);
// the frame log, which the launcher writes too, is in frame_log.h.
//   LATENTLAB_BENCH_POINTS=N    the scatter shows the data set's codes replicated to N points (jittered copies),
//                               to time its re-render at sizes the data sets do not have.
#include <memory>

#include "snapshot/snapshot.h"

namespace latentlab {

// With LATENTLAB_BENCH_POINTS set, returns `snapshot` with its latent codes replicated to that many points (cached
// per snapshot: the same one comes back every frame); otherwise `snapshot` itself.
class PointReplicator {
 public:
  PointReplicator();
  std::shared_ptr<const Snapshot> apply(const std::shared_ptr<const Snapshot>& snapshot);

 private:
  long long points_ = 0;
  std::shared_ptr<const Snapshot> source_, replaced_;
  std::shared_ptr<const LatentCodes> sourceCodes_, codes_;
};

}  // namespace latentlab
