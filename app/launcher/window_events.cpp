#include "window_events.h"

#include <GLFW/glfw3.h>

#include <atomic>
#include <csignal>
#include <mutex>

namespace latentlab {
namespace {

std::mutex droppedMutex;
std::vector<std::string> droppedPaths;
std::atomic<bool> exposed{false};
volatile std::sig_atomic_t quit = 0;

void onDrop(GLFWwindow*, int count, const char** paths) {
  std::lock_guard<std::mutex> lock(droppedMutex);
  for (int i = 0; i < count; ++i) droppedPaths.emplace_back(paths[i]);
}

}  // namespace

void installWindowEvents(GLFWwindow* window) {
  glfwSetDropCallback(window, onDrop);
  glfwSetWindowRefreshCallback(window, [](GLFWwindow*) { exposed = true; });
}

void catchQuitSignals() {
  std::signal(SIGINT, [](int) { quit = 1; });
  std::signal(SIGTERM, [](int) { quit = 1; });
}

std::vector<std::string> takeDroppedPaths() {
  std::vector<std::string> paths;
  std::lock_guard<std::mutex> lock(droppedMutex);
  paths.swap(droppedPaths);
  return paths;
}

bool takeExposed() { return exposed.exchange(false); }

bool quitRequested() { return quit != 0; }

}  // namespace latentlab
