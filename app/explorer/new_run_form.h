#pragma once
// What the Data & model panel edits before the user acts on it: a new run's settings (New run, Load data), the
// path of a run to open, and a model file with what the user says of it. Plain data; the Explorer reads it when
// the user presses a button, and fills it from what is opened (a run's own settings).
#include <string>

#include "catalogue/import_options.h"
#include "models/model_config.h"

namespace latentlab {

struct NewRunForm {
  TrainConfig settings;   // a new run's model, data options, hyperparameters and target
  std::string runDir;     // the Open-run field
  std::string modelFile;  // the Open-model field
  ImportOptions import;   // the model file's latent size and pixel range, where the module does not say
};

}  // namespace latentlab
