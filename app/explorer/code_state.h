#pragma once
// The code under the sliders as people handle it: by value (the sliders and the pad edit it in place), by seed
// (the same code as `latentlab-cli sample --seed`), with a history to go back and forward in, a GAN's truncation,
// and the two scatter points picked as an interpolation's ends. Plain state: no model, no display.
#include <cstdint>
#include <optional>
#include <string>

#include "latent/code_history.h"

namespace latentlab {

class CodeState {
 public:
  const Code& code() const { return code_; }
  // The values, for a slider or the pad to edit in place; then edited(), and record() at the end of the drag.
  Code& values() { return code_; }
  int dims() const { return int(code_.size()); }

  // The code becomes `next` (ignored when its size differs), recorded in the history with where it came from.
  void set(Code next, const std::string& origin);
  // A model of another latent size: the origin, and a fresh history (codes of another size cannot be shown again).
  void resize(int dims);
  void edited() { seed_.reset(); }         // changed by hand: the seed no longer says what it is
  void record(const std::string& origin);  // the end of a drag goes into the history
  void fromSeed(uint64_t seed);
  void randomSeed();  // a random seed rather than a random code: the seed can be typed again
  void reset() { set(Code(code_.size(), 0.0f), "reset"); }
  // Alt+Left, Alt+Right. A code changed by hand and not yet recorded is recorded first.
  void back();
  void forward();
  const CodeHistory& history() const { return history_; }
  // The seed of the code shown, until the code changes otherwise.
  std::optional<uint64_t> seed() const { return seed_; }

  // A GAN's truncation psi: its images decode truncated(code).
  float& truncation() { return truncation_; }
  float truncation() const { return truncation_; }
  Code truncated() const;

  // Scatter points picked as the interpolation's ends (indices into the snapshot's codes; -1: none).
  int pickA() const { return pickA_; }
  int pickB() const { return pickB_; }
  void pick(bool second, int index) { (second ? pickB_ : pickA_) = index; }
  void clearPicks() { pickA_ = pickB_ = -1; }
  void pickRandom(int64_t count);  // two different random points of `count`

 private:
  void showFromHistory(const Code& entry);

  Code code_;
  std::optional<uint64_t> seed_;
  CodeHistory history_;
  float truncation_ = 1.0f;
  int pickA_ = -1, pickB_ = -1;
};

}  // namespace latentlab
