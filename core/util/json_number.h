#pragma once
// A whole number of type T read from JSON, or nothing. nlohmann's get<int64_t>() on 1e300 converts the double with
// a static_cast, which is undefined behaviour (and 4294967298 read as int silently wraps to 2). Every integer that
// comes from a file goes through here instead: a number that is not whole or does not fit T is refused.
#include <nlohmann/json.hpp>

#include <cmath>
#include <cstdint>
#include <limits>
#include <optional>
#include <type_traits>

namespace latentlab {

template <typename T>
std::optional<T> jsonWholeNumber(const nlohmann::json& value) {
  static_assert(std::is_integral_v<T> && !std::is_same_v<T, bool>);
  using Limits = std::numeric_limits<T>;
  if (value.is_number_unsigned()) {
    const uint64_t v = value.get<uint64_t>();
    if (v > uint64_t(Limits::max())) return std::nullopt;
    return T(v);
  }
  if (value.is_number_integer()) {
    const int64_t v = value.get<int64_t>();
    if constexpr (std::is_unsigned_v<T>) {
      if (v < 0 || uint64_t(v) > uint64_t(Limits::max())) return std::nullopt;
    } else {
      if (v < int64_t(Limits::min()) || v > int64_t(Limits::max())) return std::nullopt;
    }
    return T(v);
  }
  if (value.is_number_float()) {  // 3.0 is 3; 3.5, NaN and anything past T's range are not numbers of T
    const double v = value.get<double>();
    // -2^63 is exact in double; Limits::max() + 1 is a power of two, exact too, and the first value past the end.
    const double low = double(Limits::min()), pastHigh = 2.0 * double(Limits::max() / 2 + 1);
    if (!(v >= low && v < pastHigh) || std::trunc(v) != v) return std::nullopt;
    return T(v);
  }
  return std::nullopt;
}

}  // namespace latentlab
