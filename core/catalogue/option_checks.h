#pragma once
// Checks of command-line values that say what is wrong in words, for both programs: whole numbers that fit (never
// silently clamped) and finite numbers in a range (NaN passes a plain range check).
#include <cstdint>

namespace CLI {
class Validator;
}

namespace latentlab {

// A whole number from lo to hi, written in full ("99999999999999999999" is refused, not read as INT64_MAX).
CLI::Validator wholeNumber(int64_t lo, int64_t hi);
// A finite number from lo to hi ("nan" and "inf" are refused).
CLI::Validator finiteNumber(double lo, double hi);

}  // namespace latentlab
