#pragma once
// Loads a model of a run from disk (model.pt, a timeline snapshot, checkpoint.pt) on its own worker thread and
// derives what the views show: decoder copy, reconstructions, KL per dimension and, with data, the latent codes.
// The latest request wins; the caller polls latest() and never waits. Used by a followed run for its newest
// model and by the window's timeline for any step.
#include <limits>
#include <filesystem>
#include <memory>
#include <string>

#include "data/dataset.h"
#include "models/model_config.h"
#include "snapshot/snapshot.h"
#include "util/failure.h"

namespace latentlab {

struct LoadedModel {
  std::filesystem::path file;
  int64_t step = -1;
  uint64_t request = 0;  // which request() this answers
  ModelView view;
  std::shared_ptr<const LatentCodes> latents;  // null without data (or when not asked for)
  Failure error;                               // the file could not be loaded (damaged, vanished): view is empty
};

class ModelLoader {
 public:
  // `data` may be null: then only the decoder (and no reconstructions, KL or codes) is derived.
  ModelLoader(const TrainConfig& config, std::shared_ptr<const Dataset> data,
              int64_t maxLatentPoints = std::numeric_limits<int64_t>::max());
  ~ModelLoader();  // finishes the load in progress, joins
  ModelLoader(const ModelLoader&) = delete;
  ModelLoader& operator=(const ModelLoader&) = delete;

  // Asks for the model in `file`; replaces any request not started yet. Returns the request's number.
  uint64_t request(const std::filesystem::path& file, bool withLatents);
  std::shared_ptr<const LoadedModel> latest() const;  // null before the first load finished
  bool busy() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace latentlab
