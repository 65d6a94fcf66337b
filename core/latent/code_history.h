#pragma once
// The codes the sliders showed, with back and forward as in a browser: every deliberate change (random, reset,
// a scatter click, a seed, the end of a drag) is recorded; going back and then changing the code drops the
// forward part. Bounded: the oldest codes go first.
#include <cstddef>
#include <deque>
#include <optional>
#include <string>

#include "latent/latent_math.h"

namespace latentlab {

class CodeHistory {
 public:
  explicit CodeHistory(size_t capacity = 100) : capacity_(capacity < 1 ? 1 : capacity) {}

  // Records `code` (with what made it, e.g. "seed 42") as the newest entry after the current one. A code equal to
  // the current entry is not recorded twice.
  void record(const Code& code, const std::string& origin = "");
  bool canGoBack() const { return index_ > 0; }
  bool canGoForward() const { return index_ + 1 < entries_.size(); }
  // The entry before (after) the current one, which becomes current; nullopt at the end.
  std::optional<Code> back();
  std::optional<Code> forward();
  void clear();

  size_t size() const { return entries_.size(); }
  size_t index() const { return index_; }  // of the current entry (0 when empty)
  size_t capacity() const { return capacity_; }
  const Code* current() const { return entries_.empty() ? nullptr : &entries_[index_].code; }
  const std::string& origin(size_t i) const { return entries_.at(i).origin; }

 private:
  struct Entry {
    Code code;
    std::string origin;
  };
  size_t capacity_;
  std::deque<Entry> entries_;
  size_t index_ = 0;
};

}  // namespace latentlab
