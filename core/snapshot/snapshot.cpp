#include "snapshot/snapshot.h"

#include <algorithm>

namespace latentlab {

const char* sourceKindName(SourceKind kind) {
  switch (kind) {
    case SourceKind::Live: return "live";
    case SourceKind::Followed: return "followed";
    case SourceKind::Saved: return "saved";
    case SourceKind::Imported: return "imported";
  }
  return "?";
}

int countActiveDims(const std::vector<float>& klPerDim) {
  return int(std::count_if(klPerDim.begin(), klPerDim.end(), [](float kl) { return kl > 0.01f; }));
}

void showModel(Snapshot& snapshot, const ModelView& view) {
  snapshot.decoder = view.decoder;
  snapshot.originals = view.originals;
  snapshot.reconstructions = view.reconstructions;
  snapshot.klPerDim = view.klPerDim;
  snapshot.activeDims = countActiveDims(view.klPerDim);
  snapshot.modelStep = view.step;
}

}  // namespace latentlab
