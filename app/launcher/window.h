#pragma once
// The GLFW window with an OpenGL 3.3 core context loaded by glad. Creating it either succeeds or throws
// latentlab::Error with one line a user can act on (no display, OpenGL too old).
#include <string>

struct GLFWwindow;

namespace latentlab {

struct WindowOptions {
  int width = 0;  // 0 x 0: 1600x1000, or 90% of the primary monitor's work area where that is smaller
  int height = 0;
  std::string title = "LatentLab";
  bool visible = true;
};

class Window {
 public:
  explicit Window(const WindowOptions& options);
  ~Window();
  Window(const Window&) = delete;
  Window& operator=(const Window&) = delete;

  GLFWwindow* handle() const { return window_; }
  std::string glVersion() const;   // version and renderer, for the System panel
  std::string glRenderer() const;  // GL_RENDERER: "llvmpipe (LLVM 15.0.6, 256 bits)" draws in software
  // The monitor's content scale (2 on a HiDPI screen), for fonts and style sizes.
  float contentScale() const;

 private:
  GLFWwindow* window_ = nullptr;
};

}  // namespace latentlab
