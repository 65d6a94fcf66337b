// The Explorer's code under the sliders as people handle it: by seed (the same code as `latentlab-cli sample
// --seed`), with a history to go back and forward in, and, for a GAN, truncated towards the prior's mean when
// decoded.
#include <algorithm>
#include <random>

#include "explorer.h"
#include "latent/prior_codes.h"

namespace latentlab {

void Explorer::setCode(Code next, const std::string& origin) {
  if (next.size() != code.size()) return;
  code = std::move(next);
  codeSeed.reset();
  history_.record(code, origin);
}

void Explorer::resizeCode(int dims) {
  code.assign(size_t(std::max(dims, 0)), 0.0f);
  codeSeed.reset();
  history_.clear();  // codes of another latent size cannot be shown again
  history_.record(code, "origin");
}

void Explorer::commitCode(const std::string& origin) {
  codeSeed.reset();
  history_.record(code, origin);
}

// A random seed rather than a random code: the seed is shown, so a code worth keeping can be typed in again.
void Explorer::randomCode() {
  static std::mt19937_64 rng(std::random_device{}());
  setCodeFromSeed(rng() % 1000000);
}

void Explorer::setCodeFromSeed(uint64_t seed) {
  setCode(codeFromSeed(seed, int(code.size())), "seed " + std::to_string(seed));
  codeSeed = seed;
}

void Explorer::resetCode() { setCode(Code(code.size(), 0.0f), "reset"); }

void Explorer::setCodeFromPoint(int index) {
  auto point = pointCode(index);
  if (point.size() == code.size()) setCode(std::move(point), "point " + std::to_string(index));
}

// A code changed by hand and not yet recorded (a value typed into a slider) is recorded first: Back returns from
// it, and Forward has nothing after it. The seed of a code reached this way is said again.
void Explorer::historyBack() {
  commitCode("edit");
  if (auto previous = history_.back()) showFromHistory(*previous);
}

void Explorer::historyForward() {
  commitCode("edit");
  if (auto next = history_.forward()) showFromHistory(*next);
}

void Explorer::showFromHistory(const Code& entry) {
  code = entry;
  codeSeed.reset();
  const std::string& origin = history_.origin(history_.index());
  if (origin.rfind("seed ", 0) == 0) codeSeed = std::stoull(origin.substr(5));
}

bool Explorer::truncates() const { return snapshot && isGan(snapshot->config.model.kind); }

Code Explorer::decodedCode() const { return truncates() ? truncateCode(code, truncation) : code; }

Image Explorer::decodeCode() {
  if (!decoder_.ready() || int(code.size()) != decoder_.latentDims()) return {};
  return decoder_.decodeOne(decodedCode());
}

}  // namespace latentlab
