#pragma once
// What GLFW's callbacks say between frames: files dropped on the window, and the window system asking for the
// window to be drawn again (exposed). The launcher (main.cpp) installs the callbacks as soon as the window
// exists, so a drop made while the explorer loads is not lost; the frame loop takes them each frame.
#include <string>
#include <vector>

struct GLFWwindow;

namespace latentlab {

void installWindowEvents(GLFWwindow* window);
std::vector<std::string> takeDroppedPaths();  // the paths dropped since the last call, in order
bool takeExposed();                           // whether the window was exposed since the last call
// SIGINT and SIGTERM end the program as closing the window does (the runs are saved): catchQuitSignals() at start,
// and quitRequested() says whether one arrived.
void catchQuitSignals();
bool quitRequested();

}  // namespace latentlab
