#pragma once
// Which BLAS this process really loaded. Debian's LibTorch goes through the libblas.so.3 alternative: without
// libopenblas0-openmp that is the reference BLAS, which trains about 4x slower and says nothing.
#include <string>

namespace latentlab {

struct BlasInfo {
  std::string library;  // the shared object mapped into the process, e.g. ".../libopenblas.so.0"
  bool fast = false;    // OpenBLAS, MKL or BLIS; false for the reference implementation or unknown
};

// Reads /proc/self/maps; call after LibTorch has been loaded.
BlasInfo detectBlas();

// One line for logs: "BLAS: OpenBLAS (/usr/lib/...)" or a warning naming the package to install.
std::string describeBlas(const BlasInfo& info);

}  // namespace latentlab
