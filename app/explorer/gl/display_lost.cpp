#include "gl/display_lost.h"

#include <X11/Xlib.h>
#include <unistd.h>

#include <cstdio>
#include <exception>

namespace latentlab {

namespace {

std::function<void()> lastWordsOnLoss;

int displayLost(Display*) {
  std::fprintf(stderr, "latentlab: the display went away; saving and closing\n");
  try {
    if (lastWordsOnLoss) lastWordsOnLoss();
  } catch (const std::exception& e) {
    std::fprintf(stderr, "latentlab: while closing: %s\n", e.what());
  }
  std::fflush(stderr);
  _exit(1);  // not exit(): nothing else is torn down (Xlib would exit() if this returned)
}

}  // namespace

void onDisplayLost(std::function<void()> lastWords) {
  lastWordsOnLoss = std::move(lastWords);
  XSetIOErrorHandler(displayLost);
}

}  // namespace latentlab
