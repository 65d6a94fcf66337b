#include "status_line.h"

namespace latentlab {

StatusLine::StatusLine(Clock clock) : clock_(std::move(clock)) {}

void StatusLine::say(std::string message) {
  message_ = std::move(message);
  messageTime_ = clock_();
}

void StatusLine::fail(Failure failure) { failure_ = std::move(failure); }

void StatusLine::fail(std::string message) { failure_ = {"", std::move(message), ""}; }

void StatusLine::clearFailure() { failure_ = {}; }

std::string StatusLine::freshMessage(double seconds) const {
  return !message_.empty() && clock_() - messageTime_ < seconds ? message_ : std::string();
}

}  // namespace latentlab
