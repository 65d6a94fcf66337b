#pragma once
// The CLI's own checks: outputs that would overwrite a run's own files. Number checks both programs use are in
// catalogue/option_checks.h.
#include <string>

#include "catalogue/option_checks.h"

namespace latentlab::cli {

// Throws when `out` names one of a run directory's own files (checkpoint.pt, model.pt, config.json, metrics.csv,
// events.jsonl, owner.json, anything under timeline/): an export must never replace the run it reads.
void refuseRunFileOutput(const std::string& out);

}  // namespace latentlab::cli
