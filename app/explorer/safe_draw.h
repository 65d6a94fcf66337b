#pragma once
// Runs one part of the frame (a panel's draw, the explorer's update) so that an exception from it becomes the
// window's error line instead of ending the program: a bad file (weights that do not fit their record, a damaged
// image) must never quit the window. ImGui's window stack is put back as it was, so the frame still ends cleanly.
#include <functional>
#include <string>

#include "status_line.h"

namespace latentlab {

// Calls draw(); on a std::exception ends every ImGui window and child it left open and says the failure
// ("<what>: <message>") in the status line. Returns false when it caught one.
bool drawSafely(const char* what, StatusLine& status, const std::function<void()>& draw);

}  // namespace latentlab
