#include "explorer_loader.h"

#include <dlfcn.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>

namespace latentlab {

ExplorerLoader::ExplorerLoader(std::string path, double delaySeconds)
    : path_(std::move(path)), thread_([this, delaySeconds] { load(delaySeconds); }) {}

ExplorerLoader::~ExplorerLoader() {
  if (thread_.joinable()) thread_.join();
}

std::string ExplorerLoader::defaultPath() {
  if (const char* path = std::getenv("LATENTLAB_EXPLORER"); path && *path) return path;
  std::error_code ec;
  const auto self = std::filesystem::read_symlink("/proc/self/exe", ec);
  const auto dir = ec ? std::filesystem::path(".") : self.parent_path();
  return (dir / "liblatentlab_explorer.so").string();
}

void ExplorerLoader::load(double delaySeconds) {
  if (delaySeconds > 0) std::this_thread::sleep_for(std::chrono::duration<double>(delaySeconds));
  const std::string advice =
      ". Build or install LatentLab again. If that file is there, LibTorch's libraries must be found as well "
      "(set LD_LIBRARY_PATH for a LibTorch outside the system's).";
  // RTLD_NOW: a missing symbol is found here, as a message, not as a crash in the middle of a frame.
  void* library = dlopen(path_.c_str(), RTLD_NOW | RTLD_LOCAL);
  if (!library) {
    const char* why = dlerror();
    error_ = "cannot load the explorer library: " + std::string(why ? why : path_) + advice;
  } else if (auto* entry = reinterpret_cast<ExploreFunction>(dlsym(library, kExploreSymbol)); !entry) {
    error_ = "cannot load the explorer library: " + path_ + " has no " + kExploreSymbol + advice;
  } else {
    entry_ = entry;  // never unloaded: LibTorch does not support it, and the program ends with the frame loop
  }
  std::lock_guard<std::mutex> lock(wakeMutex_);
  done_.store(true, std::memory_order_release);
  if (wake_) wake_();
}

void ExplorerLoader::wakeWhenDone(void (*wake)()) {
  std::lock_guard<std::mutex> lock(wakeMutex_);
  wake_ = wake;
  if (wake_ && done()) wake_();
}

}  // namespace latentlab
