#include "util/blas_info.h"

#include <fstream>

namespace latentlab {

BlasInfo detectBlas() {
  BlasInfo info;
  std::ifstream maps("/proc/self/maps");
  std::string line;
  while (std::getline(maps, line)) {
    const auto slash = line.find('/');
    if (slash == std::string::npos) continue;
    const std::string path = line.substr(slash);
    const bool fast = path.find("openblas") != std::string::npos || path.find("libmkl") != std::string::npos ||
                      path.find("libblis") != std::string::npos;
    if (fast) return {path, true};
    if (info.library.empty() && path.find("/libblas.so") != std::string::npos) info.library = path;
  }
  // LibTorch builds that link MKL statically (the official zips, pip's torch) show no BLAS object at all.
  if (info.library.empty()) info = {"built into LibTorch", true};
  return info;
}

std::string describeBlas(const BlasInfo& info) {
  if (info.fast) return "BLAS: " + info.library;
  return "WARNING: LibTorch is using the slow reference BLAS (" + info.library +
         "); install libopenblas0-openmp for about 4x faster training";
}

}  // namespace latentlab
