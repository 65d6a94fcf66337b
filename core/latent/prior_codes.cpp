#include "latent/prior_codes.h"

#include <cmath>
#include <random>

namespace latentlab {

namespace {

// A double in (0, 1] from 53 bits of mt19937_64 (whose output the C++ standard fixes exactly, unlike
// std::normal_distribution's algorithm): never 0, so the logarithm below is finite.
double unitInterval(std::mt19937_64& rng) { return (double(rng() >> 11) + 1.0) * 0x1.0p-53; }

}  // namespace

Code codeFromSeed(uint64_t seed, int dims) {
  Code code(size_t(std::max(dims, 0)));
  std::mt19937_64 rng(seed);
  // Box-Muller: each pair of uniforms gives two independent standard normal values.
  for (size_t i = 0; i < code.size(); i += 2) {
    const double radius = std::sqrt(-2.0 * std::log(unitInterval(rng)));
    const double angle = 2.0 * M_PI * unitInterval(rng);
    code[i] = float(radius * std::cos(angle));
    if (i + 1 < code.size()) code[i + 1] = float(radius * std::sin(angle));
  }
  return code;
}

std::vector<Code> codesFromSeeds(uint64_t firstSeed, int count, int dims) {
  std::vector<Code> codes;
  codes.reserve(size_t(std::max(count, 0)));
  for (int i = 0; i < count; ++i) codes.push_back(codeFromSeed(firstSeed + uint64_t(i), dims));
  return codes;
}

Code truncateCode(const Code& code, float psi) {
  Code out(code.size());
  for (size_t i = 0; i < code.size(); ++i) out[i] = code[i] * psi;
  return out;
}

}  // namespace latentlab
