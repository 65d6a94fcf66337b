#include "catalogue/option_checks.h"

#include <CLI/CLI.hpp>

#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <string>

namespace latentlab {

namespace {

std::string trimmedNumber(double v) {
  char text[32];
  std::snprintf(text, sizeof text, "%g", v);
  return text;
}

}  // namespace

CLI::Validator wholeNumber(int64_t lo, int64_t hi) {
  const std::string range = std::to_string(lo) + " to " + std::to_string(hi);
  return CLI::Validator(
      [lo, hi, range](std::string& text) -> std::string {
        errno = 0;
        char* end = nullptr;
        const long long value = std::strtoll(text.c_str(), &end, 10);
        if (text.empty() || end != text.c_str() + text.size())
          return "'" + text + "' is not a whole number (give one from " + range + ")";
        if (errno == ERANGE || value < lo || value > hi)
          return text + " is out of range: give a whole number from " + range;
        return {};
      },
      "INT in " + range);
}

CLI::Validator finiteNumber(double lo, double hi) {
  const std::string range = trimmedNumber(lo) + " to " + trimmedNumber(hi);
  return CLI::Validator(
      [lo, hi, range](std::string& text) -> std::string {
        char* end = nullptr;
        const double value = std::strtod(text.c_str(), &end);
        if (text.empty() || end != text.c_str() + text.size())
          return "'" + text + "' is not a number (give one from " + range + ")";
        if (!std::isfinite(value)) return "'" + text + "' is not a finite number (give one from " + range + ")";
        if (value < lo || value > hi) return text + " is out of range: give a number from " + range;
        return {};
      },
      "NUMBER in " + range);
}

}  // namespace latentlab
