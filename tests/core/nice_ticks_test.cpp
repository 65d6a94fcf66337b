#include "util/nice_ticks.h"

#include <gtest/gtest.h>

#include <cmath>

using namespace latentlab;

namespace {

std::vector<std::string> labels(const std::vector<AxisTick>& ticks) {
  std::vector<std::string> out;
  for (const auto& t : ticks) out.push_back(t.label);
  return out;
}

// A round step: 1, 2 or 5 times a power of ten.
bool roundStep(double step) {
  const double mantissa = step / std::pow(10.0, std::floor(std::log10(step) + 1e-9));
  return std::abs(mantissa - 1) < 1e-6 || std::abs(mantissa - 2) < 1e-6 || std::abs(mantissa - 5) < 1e-6;
}

}  // namespace

TEST(NiceTicks, StepsAreOneTwoFive) {
  EXPECT_DOUBLE_EQ(niceStep(100, 5), 20);
  EXPECT_DOUBLE_EQ(niceStep(151.2, 5), 50);
  EXPECT_DOUBLE_EQ(niceStep(0.07, 4), 0.02);
  EXPECT_DOUBLE_EQ(niceStep(3, 10, 1), 1);  // step numbers: never less than one step
  for (double range : {0.0013, 0.7, 3.3, 47.0, 151.2, 9999.0, 1.2e6})
    for (int n : {2, 4, 5, 8}) {
      const double step = niceStep(range, n);
      EXPECT_TRUE(roundStep(step)) << range << " / " << n << " gave " << step;
      EXPECT_LE(range / step, n + 1e-9);
    }
}

// The plot: a loss from 274.7 to 425.7 reads 300, 350, 400, not 274.7 and 425.7.
TEST(NiceTicks, LinearTicksAreRoundValues) {
  EXPECT_EQ(labels(linearTicks(274.7, 425.7, 5)), (std::vector<std::string>{"300", "350", "400"}));
  EXPECT_EQ(labels(linearTicks(0.0, 1.0, 5)), (std::vector<std::string>{"0.0", "0.2", "0.4", "0.6", "0.8", "1.0"}));
  EXPECT_EQ(labels(linearTicks(-0.03, 0.05, 4)), (std::vector<std::string>{"-0.02", "0.00", "0.02", "0.04"}));
  EXPECT_EQ(labels(linearTicks(0, 4690, 5, 1)), (std::vector<std::string>{"0", "1000", "2000", "3000", "4000"}));
  EXPECT_EQ(labels(linearTicks(3, 7, 10, 1)), (std::vector<std::string>{"3", "4", "5", "6", "7"}));
  EXPECT_TRUE(linearTicks(1, 1, 5).empty());
  EXPECT_TRUE(linearTicks(0, NAN, 5).empty());
  EXPECT_TRUE(linearTicks(0, INFINITY, 5).empty());
}

TEST(NiceTicks, TickValuesHaveNoRoundingNoise) {
  for (const auto& t : linearTicks(0.1, 0.9, 8)) {
    EXPECT_EQ(t.label.size(), 3u) << t.label;  // "0.2", never "0.30000000000000004"
    EXPECT_NEAR(t.value, std::stod(t.label), 1e-12);
  }
}

TEST(NiceTicks, LogTicksArePowersOfTenThenOneTwoFive) {
  EXPECT_EQ(labels(logTicks(0.01, 100, 6)), (std::vector<std::string>{"0.01", "0.1", "1", "10", "100"}));
  EXPECT_EQ(labels(logTicks(1.5, 40, 6)), (std::vector<std::string>{"2", "5", "10", "20"}));
  // Many decades: every other power.
  EXPECT_EQ(labels(logTicks(1e-6, 1e6, 7)),
            (std::vector<std::string>{"1e-06", "1e-04", "0.01", "1", "100", "1e+04", "1e+06"}));
  // Narrower than a decade: round linear values.
  EXPECT_EQ(labels(logTicks(274.7, 425.7, 5)), (std::vector<std::string>{"300", "350", "400"}));
  EXPECT_TRUE(logTicks(0, 10, 5).empty());
  EXPECT_TRUE(logTicks(-1, 10, 5).empty());
}

TEST(NiceTicks, FormatUsesTheStepsDecimals) {
  EXPECT_EQ(formatTick(350, 50), "350");
  EXPECT_EQ(formatTick(0.25, 0.05), "0.25");
  EXPECT_EQ(formatTick(-1e-18, 0.1), "0.0");
  EXPECT_EQ(formatTick(2e-6, 1e-6), "2e-06");
}
