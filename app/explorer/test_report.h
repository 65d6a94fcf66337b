#pragma once
// For GUI tests that act like a person: with --test-report FILE the program writes, a few times a second, where
// its key controls are on the screen and what it shows (trainer step and state, a hash of the decoded image,
// the last export). A test script then moves the real mouse there with xdotool and checks what changed.
#include <string>

#include <nlohmann/json_fwd.hpp>

namespace latentlab {

// Records the screen rectangle of the last ImGui item under `name` (no-op when reports are off).
void markItem(const char* name);

class TestReport {
 public:
  explicit TestReport(std::string path) : path_(std::move(path)) {}
  bool enabled() const { return !path_.empty(); }
  // Writes the report (atomically) with the window's position on the screen and these facts.
  void write(int windowX, int windowY, const std::string& factsJson);

 private:
  std::string path_;
};

void enableItemMarks(bool on);

// Records a fact a panel knows (the plot's tick labels, the bar under the mouse), written with the next report
// (no-op when reports are off). A panel that is not drawn leaves its last facts.
void reportFact(const char* name, const nlohmann::json& value);
bool reportsOn();

}  // namespace latentlab
