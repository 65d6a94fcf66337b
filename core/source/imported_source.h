#pragma once
// An imported TorchScript model as a source of snapshots (docs/architecture.md, "Sources and snapshots"): a worker
// opens and validates the file, publishes a snapshot with its decoder, then, with an encoder and data of the
// model's image shape, one with reconstructions, KL per dimension and the data set's codes. The window polls
// snapshot() and never waits. No training: no history, no controls. No torch here: the window includes it.
#include <limits>
#include <atomic>
#include <filesystem>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>

#include "data/dataset.h"
#include "import/imported_model.h"
#include "source/source.h"

namespace latentlab {

class ImportedSource : public Source {
 public:
  // `data` may be null: then only the decoder's views.
  ImportedSource(std::filesystem::path file, ImportOptions options, std::shared_ptr<const Dataset> data,
                 int64_t maxLatentPoints = std::numeric_limits<int64_t>::max());
  ~ImportedSource() override;  // stops after the stage in progress, joins
  ImportedSource(const ImportedSource&) = delete;
  ImportedSource& operator=(const ImportedSource&) = delete;

  // Never null. Version 0 until the model is open; `error` says why it could not be opened.
  std::shared_ptr<const Snapshot> snapshot() const override;
  SourceAbilities abilities() const override;  // encodes where the module has encode(x) and data was given
  bool busy() const override { return busy_; }
  // The file has no latent size anywhere: the window asks for one and opens it again.
  bool needsLatentSize() const override { return needsLatent_; }
  // The same file opened again, with new data for its encoder, or with the options the user gave.
  std::unique_ptr<Source> withData(std::shared_ptr<const Dataset> data) const override;
  std::unique_ptr<Source> withImportOptions(const ImportOptions& options) const override;
  std::optional<ImportedInfo> modelFileInfo() const override;
  const std::filesystem::path& file() const { return file_; }
  const ImportOptions& options() const { return options_; }

 private:
  void run(std::shared_ptr<const Dataset> data, int64_t maxLatentPoints);
  void publish(std::shared_ptr<const Snapshot> next);

  std::filesystem::path file_;
  ImportOptions options_;
  std::shared_ptr<const Dataset> data_;
  int64_t maxLatentPoints_;
  mutable std::mutex mutex_;
  std::shared_ptr<const Snapshot> snapshot_;
  std::optional<ImportedInfo> info_;
  std::atomic<bool> busy_{true}, needsLatent_{false}, quit_{false};
  std::thread thread_;  // last: starts once everything it uses exists
};

}  // namespace latentlab
