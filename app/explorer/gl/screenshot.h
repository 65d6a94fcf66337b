#pragma once
// Reads the current framebuffer back into a CPU image (top row first), for --screenshot and the GUI tests.
#include "io/image.h"

namespace latentlab {

Image readFramebuffer(int width, int height);

}  // namespace latentlab
