#pragma once
// An imported model seen as a ModelRunner, so that the views of an imported model (reconstructions, KL per
// dimension, the data set's codes) are derived by the same code as ours (runner/model_views.h). It is never
// trained: the training calls throw.
#include <memory>

#include "import/imported_model.h"
#include "runner/model_runner.h"

namespace latentlab {

std::unique_ptr<ModelRunner> makeImportedRunner(std::shared_ptr<const ImportedModel> model);

}  // namespace latentlab
