#pragma once
// A data set loading on a thread of its own, so that the frame loop never waits: one load at a time, its progress,
// the settings it was begun with (the data options a run records), and why the last one failed. No display needed.
#include <atomic>
#include <future>
#include <memory>
#include <string>

#include "data/dataset.h"
#include "models/model_config.h"
#include "util/failure.h"

namespace latentlab {

class DataLoad {
 public:
  DataLoad() = default;
  ~DataLoad();  // cancels the load in progress and waits for it
  DataLoad(const DataLoad&) = delete;
  DataLoad& operator=(const DataLoad&) = delete;

  // Starts loading `spec` with the data options of `settings` (the same options the CLI takes); false, and
  // nothing started, while a load is on.
  bool start(const std::string& spec, const TrainConfig& settings);
  // Once a frame: true when a load finished since the last call; `data` is the data set, or null when the load
  // failed (failed() says why).
  bool finished(std::shared_ptr<const Dataset>& data);

  bool loading() const { return loading_.valid(); }
  const std::string& spec() const { return spec_; }  // of the load in progress, or the last one
  float progress() const { return progress_.load(); }
  int loads() const { return loads_; }                       // loads begun so far: tests count them
  const TrainConfig& settings() const { return settings_; }  // what the last load was begun with, its spec in it
  struct Failed {
    std::string spec;  // empty once a load succeeded
    Failure error;
  };
  const Failed& failed() const { return failed_; }

 private:
  std::future<std::shared_ptr<const Dataset>> loading_;
  std::string spec_;
  TrainConfig settings_;
  Failed failed_;
  std::atomic<float> progress_{0};
  std::atomic<bool> cancel_{false};
  int loads_ = 0;
};

}  // namespace latentlab
