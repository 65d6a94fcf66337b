#include "util/nice_ticks.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace latentlab {

NiceTicks niceTicks(double lo, double hi, int target) {
  NiceTicks ticks;
  if (!std::isfinite(lo) || !std::isfinite(hi) || !(hi > lo)) return ticks;
  target = std::max(target, 2);
  const double rough = (hi - lo) / double(target);
  const double power = std::pow(10.0, std::floor(std::log10(rough)));
  const double fraction = rough / power;  // in [1, 10)
  const double nice = fraction < 1.5 ? 1 : fraction < 3 ? 2 : fraction < 7 ? 5 : 10;
  ticks.step = nice * power;
  const double first = std::ceil(lo / ticks.step - 1e-9);
  for (double k = first;; ++k) {
    double v = k * ticks.step;
    if (v > hi + ticks.step * 1e-9) break;
    if (std::abs(v) < ticks.step * 1e-9) v = 0;  // no "-0" or "1e-17" where zero is meant
    ticks.values.push_back(v);
    if (ticks.values.size() > size_t(target) * 4) break;  // never loops on rounding trouble
  }
  return ticks;
}

std::string tickLabel(double value, double step) {
  char text[32];
  const double magnitude = std::max(std::abs(value), step);
  if (step > 0 && magnitude < 1e6 && step >= 1e-4) {
    const int decimals = std::max(0, int(std::ceil(-std::log10(step) - 1e-9)));
    // A step of 0.25 or 2.5 needs one more decimal than its power of ten says.
    const double scaled = step * std::pow(10.0, decimals);
    const int extra = std::abs(scaled - std::round(scaled)) > 1e-6 ? 1 : 0;
    std::snprintf(text, sizeof text, "%.*f", decimals + extra, value);
  } else {
    std::snprintf(text, sizeof text, "%.3g", value);
  }
  return text;
}

}  // namespace latentlab
