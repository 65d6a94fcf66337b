// The Explorer's imported models (README.md, "Bring your own model"): a TorchScript file shown with every view,
// its views derived on the ImportedSource's worker, its images decoded on the DecodeWorker.
#include <filesystem>

#include "explorer.h"

namespace latentlab {

void Explorer::openModel(const std::string& file) {
  if (file.empty()) {
    fail("type the path of a TorchScript file (.pt) first, or drop one on the window");
    return;
  }
  if (loading()) {  // its encoder gets the data being loaded
    modelToOpen_ = file;
    return;
  }
  if (opening()) {
    fail("still opening a run: wait for it to finish");
    return;
  }
  modelFile = file;
  auto source = std::make_unique<ImportedSource>(file, importOptions, data);
  worker_.retire(std::move(trainer_));
  worker_.dispose(std::shared_ptr<RunFollower>(std::move(follower_)));
  closeImported();
  imported_ = std::move(source);
  importErrorShown_.clear();
  showNewRun(imported_->snapshot());
  report("opening " + file + (data ? " with " + data->name : std::string()) + "...");
}

void Explorer::closeImported() { worker_.dispose(std::shared_ptr<ImportedSource>(std::move(imported_))); }

std::optional<ImportedInfo> Explorer::importedInfo() const {
  return imported_ ? imported_->info() : std::nullopt;
}

}  // namespace latentlab
