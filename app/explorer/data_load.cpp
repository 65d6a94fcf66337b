#include "data_load.h"

#include <chrono>

#include "data/data_identity.h"
#include "util/memory.h"

namespace latentlab {

DataLoad::~DataLoad() {
  cancel_ = true;
  if (loading_.valid()) loading_.wait();
}

bool DataLoad::start(const std::string& spec, const TrainConfig& settings) {
  if (loading()) return false;
  ++loads_;
  spec_ = spec;
  settings_ = settings;
  settings_.dataSpec = spec;
  progress_ = 0;
  cancel_ = false;
  DataOptions options = dataOptionsOf(settings);
  options.cancel = &cancel_;
  options.onProgress = [this](float p, const std::string&) { progress_ = p; };
  loading_ = std::async(std::launch::async, [spec, options]() -> std::shared_ptr<const Dataset> {
    auto loaded = std::make_shared<const Dataset>(loadDataset(spec, options));
    // The files read and decompressed on the way stay in this thread's malloc arena otherwise, which the next
    // thread started inherits (docs/performance.md).
    releaseFreedMemory();
    return loaded;
  });
  return true;
}

bool DataLoad::finished(std::shared_ptr<const Dataset>& data) {
  if (!loading_.valid() || loading_.wait_for(std::chrono::seconds(0)) != std::future_status::ready) return false;
  data.reset();
  try {
    data = loading_.get();
    failed_ = {};
  } catch (const std::exception& e) {
    failed_ = {spec_, failureOf("", e)};
  }
  return true;
}

}  // namespace latentlab
