#pragma once
// When the X server goes away under the window (it was killed, the session ended, an SSH tunnel dropped), Xlib calls
// its IO error handler and then exit(): static objects would be torn down under the running trainer, which crashed
// the program without its final save. Instead `lastWords` runs (the explorer saves every run as on a normal close)
// and the process ends at once with status 1.
#include <functional>

namespace latentlab {

void onDisplayLost(std::function<void()> lastWords);

}  // namespace latentlab
