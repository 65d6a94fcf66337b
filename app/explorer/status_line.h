#pragma once
// The window's one status line: everything the window tells the user (what was done, what failed and why) goes
// through it and is drawn in the menu bar. A failure stays until the user dismisses it or the next action
// succeeds; a message fades after a few seconds. The clock is passed in, so the explorer is tested without a
// display.
#include <functional>
#include <string>

#include "util/failure.h"

namespace latentlab {

class StatusLine {
 public:
  using Clock = std::function<double()>;  // seconds, from any fixed origin
  explicit StatusLine(Clock clock);

  void say(std::string message);  // something done: "saved step 400 to runs/..."
  void fail(Failure failure);
  void fail(std::string message);  // a failure said in one line
  void clearFailure();             // the user dismissed it, or the next action began and it no longer applies

  const Failure& failure() const { return failure_; }
  bool failed() const { return !failure_.empty(); }
  const std::string& message() const { return message_; }
  // The message while it is fresh (shown for `seconds`), else empty.
  std::string freshMessage(double seconds = 6.0) const;

 private:
  Clock clock_;
  std::string message_;
  double messageTime_ = 0;
  Failure failure_;
};

}  // namespace latentlab
