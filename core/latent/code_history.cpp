#include "latent/code_history.h"

namespace latentlab {

void CodeHistory::record(const Code& code, const std::string& origin) {
  if (!entries_.empty() && entries_[index_].code == code) return;
  if (!entries_.empty()) entries_.erase(entries_.begin() + long(index_) + 1, entries_.end());  // the forward part
  entries_.push_back({code, origin});
  if (entries_.size() > capacity_) entries_.pop_front();
  index_ = entries_.size() - 1;
}

std::optional<Code> CodeHistory::back() {
  if (!canGoBack()) return std::nullopt;
  return entries_[--index_].code;
}

std::optional<Code> CodeHistory::forward() {
  if (!canGoForward()) return std::nullopt;
  return entries_[++index_].code;
}

void CodeHistory::clear() {
  entries_.clear();
  index_ = 0;
}

}  // namespace latentlab
