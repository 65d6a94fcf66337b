#pragma once
// Codes drawn from the prior N(0, I) the way people name them: by seed (StyleGAN's `--seeds`: one seed, one
// code), and truncated towards the prior's mean (the truncation trick: for N(0, I) the mean is 0, so z * psi).
// One function for the window's seed field and `latentlab-cli sample --seed`: seed S gives the same code in both,
// on every run and machine (the generator and the normal deviates are spelled out, not left to the library).
#include <cstdint>
#include <vector>

#include "latent/latent_math.h"

namespace latentlab {

// The code of `seed` for a latent size of `dims`: dims standard normal values.
Code codeFromSeed(uint64_t seed, int dims);

// `count` codes, the i-th being codeFromSeed(firstSeed + i, dims): image i of `sample --seed S` is seed S + i.
std::vector<Code> codesFromSeeds(uint64_t firstSeed, int count, int dims);

// The code scaled towards the prior's mean: psi = 1 leaves it, psi = 0 gives the mean (the "average" image).
Code truncateCode(const Code& code, float psi);

// Truncation's range: psi beyond [0, 1] is accepted (extrapolation, as StyleGAN allows) within these bounds.
constexpr float kTruncationMin = 0.0f, kTruncationMax = 2.0f;

}  // namespace latentlab
