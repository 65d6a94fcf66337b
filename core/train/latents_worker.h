#pragma once
// The data set's latent codes for the scatter, encoded off the trainer thread. Encoding Fashion-MNIST's 60,000
// images costs as much as dozens of training steps; done on the trainer thread every few seconds, it was a large
// part of what an open window cost training. The trainer copies its weights into the worker's own model at a step
// boundary (a few MB) and trains on while the worker encodes at a lower CPU priority than training and the window.
// Latest wins: the trainer hands over weights only while the worker is idle. CPU training only: on a GPU the
// encoding is quick where it is.
#include <atomic>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "data/dataset.h"
#include "runner/model_runner.h"
#include "util/failure.h"
#include "runner/model_views.h"
#include "snapshot/snapshot.h"

namespace latentlab {

class LatentsWorker {
 public:
  // `finished` runs on the worker's thread after each encoding (to wake the trainer thread).
  LatentsWorker(const TrainConfig& config, std::shared_ptr<const Dataset> data, ViewInputs inputs, int64_t maxPoints,
                std::function<void()> finished);
  ~LatentsWorker();  // cancels an encoding under way (between chunks of images) and joins
  LatentsWorker(const LatentsWorker&) = delete;
  LatentsWorker& operator=(const LatentsWorker&) = delete;

  bool busy() const;
  // The step of the weights last handed over (-1 before the first).
  int64_t handedStep() const { return handedStep_; }
  // Trainer thread, while !busy(): copies `model`'s weights (same config) and starts encoding them.
  void encode(ModelRunner& model, int64_t step);
  // The codes of the last finished encoding, once; null if none is new. Its error, if it failed, goes to `error`.
  std::shared_ptr<LatentCodes> take(Failure& error);

 private:
  void threadMain();

  TrainConfig config_;
  std::shared_ptr<const Dataset> data_;
  ViewInputs inputs_;
  int64_t maxPoints_;
  std::function<void()> finished_;
  std::unique_ptr<ModelRunner> model_;  // the worker's own copy of the weights
  int64_t handedStep_ = -1;             // trainer thread only

  mutable std::mutex mutex_;
  std::condition_variable wake_;
  bool pending_ = false, working_ = false;
  int64_t pendingStep_ = 0;
  std::shared_ptr<LatentCodes> result_;
  Failure error_;
  std::atomic<bool> quit_{false};
  std::thread thread_;
};

}  // namespace latentlab
