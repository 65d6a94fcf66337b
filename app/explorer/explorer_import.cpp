// The Explorer's model files (README.md, "Bring your own model"): a TorchScript file shown with every view, its
// views derived on the ImportedSource's worker, its images decoded on the DecodeWorker.
#include <filesystem>

#include "explorer.h"
#include "source/imported_source.h"

namespace latentlab {

void Explorer::openModel(const std::string& file) {
  if (file.empty()) {
    status_.fail("type the path of a TorchScript file (.pt) first, or drop one on the window");
    return;
  }
  if (loading()) {  // its encoder gets the data being loaded
    afterLoad_.model = file;
    return;
  }
  if (refuseWhileOpening()) return;
  form_.modelFile = file;
  showSource(std::make_unique<ImportedSource>(file, form_.import, data_),
             "opening " + file + (data_ ? " with " + data_->name : std::string()) + "...");
}

void Explorer::reopenWithLatentSize(int latent) {
  form_.import.latent = latent;
  if (auto again = source_ ? source_->withImportOptions(form_.import) : nullptr)
    showSource(std::move(again), "opening it again with latent size " + std::to_string(latent) + "...");
}

}  // namespace latentlab
