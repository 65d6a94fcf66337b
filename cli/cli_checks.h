#pragma once
// Checks of the CLI's values that say what is wrong in words: whole numbers that fit (never silently clamped),
// finite numbers in a range (NaN passes a plain range check), and outputs that would overwrite a run's own files.
#include <cstdint>
#include <string>

namespace CLI {
class Validator;
}

namespace latentlab::cli {

// A whole number from lo to hi, written in full ("99999999999999999999" is refused, not read as INT64_MAX).
CLI::Validator wholeNumber(int64_t lo, int64_t hi);
// A finite number from lo to hi ("nan" and "inf" are refused).
CLI::Validator finiteNumber(double lo, double hi);

// Throws when `out` names one of a run directory's own files (checkpoint.pt, model.pt, config.json, metrics.csv,
// events.jsonl, owner.json, anything under timeline/): an export must never replace the run it reads.
void refuseRunFileOutput(const std::string& out);

}  // namespace latentlab::cli
