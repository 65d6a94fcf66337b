#include "panels/scatter_neighbours.h"

#include <chrono>

#include "latent/nearest_codes.h"
#include "snapshot/snapshot.h"

namespace latentlab {

ScatterNeighbours::~ScatterNeighbours() {
  if (pending_.valid()) pending_.wait();  // a millisecond's search: the codes it reads must outlive it
}

const std::vector<int64_t>* ScatterNeighbours::find(const std::shared_ptr<const LatentCodes>& codes, int64_t index,
                                                    const std::vector<bool>& shown, uint64_t shownVersion) {
  if (pending_.valid() && pending_.wait_for(std::chrono::seconds(0)) == std::future_status::ready) {
    done_ = pending_.get();
    doneKey_ = pendingKey_;
    doneCodes_ = std::move(pendingCodes_);  // held, so no later codes can reuse its address and match the key
  }
  if (!codes || index < 0 || index >= codes->count) return nullptr;
  const Key wanted{codes.get(), codes->version, index, shownVersion};
  if (wanted == doneKey_) return &done_;
  if (!pending_.valid()) {
    pendingKey_ = wanted;
    pendingCodes_ = codes;
    pending_ = std::async(std::launch::async, [codes, index, shown] {
      return nearestCodes(codes->codes, codes->dims, index, kCount, shown);
    });
  }
  return nullptr;
}

}  // namespace latentlab
