#pragma once
// What went wrong, said for a person: what failed, why, and what to do (or what was done to keep their work).
// Snapshots, saves, model loads, decodes and the window's workers carry one instead of a bare string; the window
// shows each through its one status line (app/explorer/status_line.h), the CLI prints text().
#include <exception>
#include <ostream>
#include <string>

namespace latentlab {

struct Failure {
  std::string what;  // what could not be done: "saving failed", "cannot show the model"; may be empty
  std::string why;   // the cause, often an exception's message
  std::string todo;  // what the user can do, or what was kept; may be empty

  bool empty() const { return what.empty() && why.empty() && todo.empty(); }
  // "what: why (todo)", or the parts there are.
  std::string text() const {
    std::string line = what.empty() ? why : why.empty() ? what : what + ": " + why;
    if (!todo.empty()) line += line.empty() ? todo : " (" + todo + ")";
    return line;
  }
  bool operator==(const Failure& other) const { return what == other.what && why == other.why && todo == other.todo; }
  bool operator!=(const Failure& other) const { return !(*this == other); }
};

inline std::ostream& operator<<(std::ostream& out, const Failure& failure) { return out << failure.text(); }

// A failure whose cause is `e`: what(), without anything else to say.
inline Failure failureOf(std::string what, const std::exception& e, std::string todo = {}) {
  return {std::move(what), e.what(), std::move(todo)};
}

}  // namespace latentlab
