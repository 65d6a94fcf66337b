#include "latent/decode_worker.h"

#include "latent/decoder_weights.h"
#include "latent/latent_decoder.h"
#include "util/compute_threads.h"

namespace latentlab {

DecodeWorker::DecodeWorker() : thread_([this] { run(); }) {}

DecodeWorker::~DecodeWorker() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    quit_ = true;
  }
  wake_.notify_all();
  thread_.join();
}

uint64_t DecodeWorker::request(int slot, std::shared_ptr<const DecoderWeights> weights,
                               std::vector<std::vector<float>> codes) {
  std::lock_guard<std::mutex> lock(mutex_);
  const uint64_t ticket = ++lastTicket_;
  pending_[slot] = Job{ticket, std::move(weights), std::move(codes)};
  wake_.notify_all();
  return ticket;
}

std::optional<DecodeWorker::Result> DecodeWorker::take(int slot) {
  std::lock_guard<std::mutex> lock(mutex_);
  const auto it = done_.find(slot);
  if (it == done_.end()) return std::nullopt;
  Result result = std::move(it->second);
  done_.erase(it);
  return result;
}

bool DecodeWorker::busy(int slot) const {
  std::lock_guard<std::mutex> lock(mutex_);
  return working_ == slot || pending_.count(slot) > 0;
}

bool DecodeWorker::active() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return working_ >= 0 || !pending_.empty() || !done_.empty();
}

void DecodeWorker::run() {
  becomeWorkerThread("ll-decode");
  while (true) {
    int slot = 0;
    Job job;
    {
      std::unique_lock<std::mutex> lock(mutex_);
      wake_.wait(lock, [&] { return quit_ || !pending_.empty(); });
      if (quit_) return;
      // The oldest request first, so that no view starves while another is dragged.
      auto oldest = pending_.begin();
      for (auto it = pending_.begin(); it != pending_.end(); ++it)
        if (it->second.ticket < oldest->second.ticket) oldest = it;
      slot = oldest->first;
      job = std::move(oldest->second);
      pending_.erase(oldest);
      working_ = slot;
    }
    Result result;
    result.ticket = job.ticket;
    try {
      LatentDecoder decoder;  // NoGradGuard and the code checks, as on any other thread
      decoder.setWeights(job.weights);
      result.images = decoder.decode(job.codes);
    } catch (const std::exception& e) {
      result.error = failureOf("decoding failed", e);
    }
    std::lock_guard<std::mutex> lock(mutex_);
    done_[slot] = std::move(result);
    working_ = -1;
  }
}

}  // namespace latentlab
