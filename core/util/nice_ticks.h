#pragma once
// Axis ticks a person reads at a glance: round values (multiples of 1, 2 or 5 x 10^k: 250, 300, 350, never
// 274.7), labelled with just the decimals the step needs. Log axes get powers of ten, then 1-2-5 within the
// decades, and round linear values when the range is narrower than a decade. Used by the loss plot.
#include <string>
#include <vector>

namespace latentlab {

struct AxisTick {
  double value = 0;   // where (in data units, not log units, on a log axis too)
  std::string label;  // what to print
};

// The smallest step of the form 1, 2 or 5 x 10^k that cuts `range` into at most `maxTicks` intervals, and is at
// least `minStep` (1 for step numbers: no tick between two steps).
double niceStep(double range, int maxTicks, double minStep = 0);

// Ticks at the multiples of niceStep(hi - lo, maxTicks, minStep) inside [lo, hi]. Empty when the range is empty
// or not finite.
std::vector<AxisTick> linearTicks(double lo, double hi, int maxTicks, double minStep = 0);

// Ticks for a logarithmic axis over the values [lo, hi] (both > 0), at most `maxTicks` of them.
std::vector<AxisTick> logTicks(double lo, double hi, int maxTicks);

// A value printed with the decimals a tick step needs ("0.05", "1200", "2.5e-05" for tiny steps).
std::string formatTick(double value, double step);

}  // namespace latentlab
