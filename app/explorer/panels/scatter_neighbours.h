#pragma once
// The nearest neighbours (in latent space) of the point the scatter focuses on, found on a worker thread so a
// frame never waits for the search, and kept for that point until the codes or the shown classes change.
// Latest request wins: while one search runs, a newer point waits for it, then is searched.
#include <cstdint>
#include <future>
#include <memory>
#include <vector>

namespace latentlab {

struct LatentCodes;

class ScatterNeighbours {
 public:
  static constexpr int kCount = 8;
  ~ScatterNeighbours();

  // The neighbours of `index` among the points `shown` (empty: all); nullptr while they are being found.
  // `shownVersion` changes whenever `shown` does. Call once a frame with the focused point (or -1 for none).
  const std::vector<int64_t>* find(const std::shared_ptr<const LatentCodes>& codes, int64_t index,
                                   const std::vector<bool>& shown, uint64_t shownVersion);
  bool searching() const { return pending_.valid(); }

 private:
  struct Key {
    const LatentCodes* codes = nullptr;
    int64_t version = -1, index = -1;
    uint64_t shown = 0;
    bool operator==(const Key& o) const {
      return codes == o.codes && version == o.version && index == o.index && shown == o.shown;
    }
  };
  std::future<std::vector<int64_t>> pending_;
  std::shared_ptr<const LatentCodes> pendingCodes_, doneCodes_;  // alive while searched and while keyed on
  Key pendingKey_, doneKey_;
  std::vector<int64_t> done_;
};

}  // namespace latentlab
