#include "code_state.h"

#include <algorithm>
#include <random>

#include "latent/prior_codes.h"

namespace latentlab {

void CodeState::set(Code next, const std::string& origin) {
  if (next.size() != code_.size()) return;
  code_ = std::move(next);
  seed_.reset();
  history_.record(code_, origin);
}

void CodeState::resize(int dims) {
  code_.assign(size_t(std::max(dims, 0)), 0.0f);
  seed_.reset();
  history_.clear();
  history_.record(code_, "origin");
}

void CodeState::record(const std::string& origin) {
  seed_.reset();
  history_.record(code_, origin);
}

void CodeState::fromSeed(uint64_t seed) {
  set(codeFromSeed(seed, int(code_.size())), "seed " + std::to_string(seed));
  seed_ = seed;
}

void CodeState::randomSeed() {
  static std::mt19937_64 rng(std::random_device{}());
  fromSeed(rng() % 1000000);
}

void CodeState::back() {
  record("edit");
  if (auto previous = history_.back()) showFromHistory(*previous);
}

void CodeState::forward() {
  record("edit");
  if (auto next = history_.forward()) showFromHistory(*next);
}

// The seed of a code reached through the history is said again.
void CodeState::showFromHistory(const Code& entry) {
  code_ = entry;
  seed_.reset();
  const std::string& origin = history_.origin(history_.index());
  if (origin.rfind("seed ", 0) == 0) seed_ = std::stoull(origin.substr(5));
}

Code CodeState::truncated() const { return truncateCode(code_, truncation_); }

void CodeState::pickRandom(int64_t count) {
  if (count < 2) return;
  static std::mt19937 rng(std::random_device{}());
  std::uniform_int_distribution<int> index(0, int(count) - 1);
  pickA_ = index(rng);
  do pickB_ = index(rng);
  while (pickB_ == pickA_);
}

}  // namespace latentlab
