#pragma once
// Decodes latent codes on its own thread, for views whose model may be slow (an imported module of any size):
// the frame loop asks and polls, never waits (docs/architecture.md, "Threads"). Each view has a slot; a new
// request replaces the slot's request not started yet, so the latest request wins and a dragged slider never
// queues up work. No torch in this header: the window includes it.
#include <condition_variable>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "io/image.h"
#include "util/failure.h"

namespace latentlab {

class DecoderWeights;

class DecodeWorker {
 public:
  struct Result {
    uint64_t ticket = 0;        // what request() returned
    std::vector<Image> images;  // one per code
    Failure error;              // the decode threw: why (images empty)
  };

  DecodeWorker();
  ~DecodeWorker();  // finishes the decode in progress, joins
  DecodeWorker(const DecodeWorker&) = delete;
  DecodeWorker& operator=(const DecodeWorker&) = delete;

  // Asks for `codes` decoded by `weights` in `slot`; returns the request's ticket (increasing, never 0).
  uint64_t request(int slot, std::shared_ptr<const DecoderWeights> weights, std::vector<std::vector<float>> codes);
  // The slot's newest finished result, once (nullopt when none arrived since the last call).
  std::optional<Result> take(int slot);
  // A request of the slot is waiting or being decoded.
  bool busy(int slot) const;
  // Any request is waiting or being decoded, or an answer is not taken yet (the window then draws at its busy rate).
  bool active() const;

 private:
  struct Job {
    uint64_t ticket = 0;
    std::shared_ptr<const DecoderWeights> weights;
    std::vector<std::vector<float>> codes;
  };
  void run();

  mutable std::mutex mutex_;
  std::condition_variable wake_;
  bool quit_ = false;
  uint64_t lastTicket_ = 0;
  std::map<int, Job> pending_;
  std::map<int, Result> done_;
  int working_ = -1;    // the slot being decoded, -1 when idle
  std::thread thread_;  // last: starts once everything it uses exists
};

}  // namespace latentlab
