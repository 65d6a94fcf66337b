#pragma once
// Where what the window shows comes from (docs/architecture.md, "Sources"): the live trainer in this process
// (LiveSource), a run another process writes or nobody writes now (RunFollower), a TorchScript model trained
// elsewhere (ImportedSource). Each publishes immutable snapshots that the frame loop polls and never waits for,
// says what it can do, whether it is still deriving its views, and why it failed. The window holds one and
// replaces it in one place; a new kind (a TensorBoard folder, a remote job) is one more class.
// No torch here: the window includes it.
#include <memory>
#include <optional>

#include "import/imported_model.h"
#include "snapshot/snapshot.h"
#include "util/failure.h"

namespace latentlab {

struct Dataset;
class Trainer;

struct SourceAbilities {
  bool train = false;         // the training controls work: this process trains it (Source::trainer())
  bool continueHere = false;  // a run nobody writes now: this process can become its writer
  bool timeline = false;      // models of earlier steps can be shown: the run keeps a timeline
  bool encode = false;        // images have codes: reconstructions and the data set's scatter
};

class Source {
 public:
  virtual ~Source() = default;

  // The latest snapshot; never null. Its `error` is the source's failure, if any.
  virtual std::shared_ptr<const Snapshot> snapshot() const = 0;
  // What it can do now (a followed run can be continued here once its writer stops).
  virtual SourceAbilities abilities() const = 0;
  // Still deriving what it shows (a model being opened, the data set being encoded).
  virtual bool busy() const = 0;

  // Its destructor saves work (the window says "saving" while it closes it).
  virtual bool savesOnClose() const { return false; }
  // The same source on other data, where its views depend on the data (an imported model's encoder); null
  // where they do not, or where other data means another run.
  virtual std::unique_ptr<Source> withData(std::shared_ptr<const Dataset> /*data*/) const { return nullptr; }
  // With other import options (the latent size the user typed); null where none apply.
  virtual std::unique_ptr<Source> withImportOptions(const ImportOptions& /*options*/) const { return nullptr; }

  // The training controls, where abilities().train; null otherwise.
  virtual Trainer* trainer() { return nullptr; }
  // What a model file says it is, for sources that open one.
  virtual std::optional<ImportedInfo> modelFileInfo() const { return std::nullopt; }
  // It cannot open until the user gives the model's latent size (withImportOptions).
  virtual bool needsLatentSize() const { return false; }
};

// The abilities every run source shares: a run directory keeps a timeline, a VAE encodes.
inline bool encodes(const Snapshot& snapshot) { return !isGan(snapshot.config.model.kind); }

}  // namespace latentlab
