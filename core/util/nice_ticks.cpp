#include "util/nice_ticks.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace latentlab {

namespace {

bool usable(double lo, double hi) { return std::isfinite(lo) && std::isfinite(hi) && hi > lo; }

// The multiples of `step` inside [lo, hi], computed from their index so that no rounding error accumulates.
std::vector<double> multiples(double lo, double hi, double step) {
  std::vector<double> values;
  const double first = std::ceil(lo / step - 1e-9), last = std::floor(hi / step + 1e-9);
  if (last - first > 10000) return values;  // a step too small for the range: never a runaway loop
  for (double k = first; k <= last; ++k) values.push_back(k == 0 ? 0.0 : k * step);
  return values;
}

std::string formatLogTick(double value) {
  char text[32];
  const double exponent = std::log10(value);
  if (exponent >= 5 || exponent < -3) std::snprintf(text, sizeof text, "%.0e", value);  // 1e+06, 2e-05
  else std::snprintf(text, sizeof text, "%.4g", value);
  return text;
}

}  // namespace

double niceStep(double range, int maxTicks, double minStep) {
  if (!(range > 0) || !std::isfinite(range)) return std::max(minStep, 1.0);
  const double rough = range / std::max(maxTicks, 1);
  const double power = std::pow(10.0, std::floor(std::log10(rough)));
  double step = 10 * power;
  for (double m : {1.0, 2.0, 5.0})
    if (m * power >= rough * (1 - 1e-9)) {
      step = m * power;
      break;
    }
  return std::max(step, minStep);
}

std::string formatTick(double value, double step) {
  char text[48];
  if (std::abs(value) < step * 1e-6) value = 0;  // no "-0" or "1e-17"
  const double magnitude = std::max(std::abs(value), step);
  if (magnitude >= 1e7 || step < 1e-5) {
    std::snprintf(text, sizeof text, "%.3g", value);
    return text;
  }
  const int decimals = std::max(0, int(-std::floor(std::log10(step) + 1e-9)));
  std::snprintf(text, sizeof text, "%.*f", decimals, value);
  return text;
}

std::vector<AxisTick> linearTicks(double lo, double hi, int maxTicks, double minStep) {
  std::vector<AxisTick> ticks;
  if (!usable(lo, hi)) return ticks;
  const double step = niceStep(hi - lo, maxTicks, minStep);
  for (double v : multiples(lo, hi, step)) ticks.push_back({v, formatTick(v, step)});
  return ticks;
}

std::vector<AxisTick> logTicks(double lo, double hi, int maxTicks) {
  std::vector<AxisTick> ticks;
  if (!usable(lo, hi) || lo <= 0) return ticks;
  maxTicks = std::max(maxTicks, 2);
  const int firstDecade = int(std::ceil(std::log10(lo) - 1e-9)), lastDecade = int(std::floor(std::log10(hi) + 1e-9));
  auto within = [&](double v) { return v >= lo * (1 - 1e-9) && v <= hi * (1 + 1e-9); };
  std::vector<double> oneTwoFive;
  for (int k = firstDecade - 1; k <= lastDecade; ++k)
    for (double m : {1.0, 2.0, 5.0})
      if (within(m * std::pow(10.0, k))) oneTwoFive.push_back(m * std::pow(10.0, k));
  std::vector<double> chosen;
  const int decades = lastDecade - firstDecade + 1;
  if (decades >= 2 && int(oneTwoFive.size()) > maxTicks) {
    // Powers of ten, every `every`-th one (a round number of decades) when there are too many.
    const int every = int(niceStep(decades, maxTicks, 1));
    for (int k = firstDecade; k <= lastDecade; ++k)
      if (k % every == 0) chosen.push_back(std::pow(10.0, k));
  } else if (oneTwoFive.size() >= 3 || (decades >= 2 && !oneTwoFive.empty())) {
    chosen = oneTwoFive;
  } else {
    // Narrower than a decade or so: round values, as on a linear axis (unevenly spaced, still round).
    return linearTicks(lo, hi, maxTicks);
  }
  for (double v : chosen) ticks.push_back({v, formatLogTick(v)});
  return ticks;
}

}  // namespace latentlab
