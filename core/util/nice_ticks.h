#pragma once
// Axis ticks at round values (1, 2 or 5 times a power of ten), as a person would label an axis: 0.5 1 1.5, never
// 425.7. Plots and the scatter share it.
#include <string>
#include <vector>

namespace latentlab {

struct NiceTicks {
  double step = 0;             // distance between ticks; 0 when none fit
  std::vector<double> values;  // the ticks inside [lo, hi], ascending
};

// About `target` ticks (at least 2 when the range is finite and not empty) inside [lo, hi].
NiceTicks niceTicks(double lo, double hi, int target = 5);

// A tick's label with just the decimals its step needs ("0.25", "-3", "1e+06" for huge or tiny values).
std::string tickLabel(double value, double step);

}  // namespace latentlab
