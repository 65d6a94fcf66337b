// One libFuzzer target; CMake builds it once per input kind with LATENTLAB_FUZZ_TARGET naming the entry
// (see fuzz_entries.h for what each feeds and what counts as a bug).
#include <torch/torch.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>

#include "fuzz_entries.h"

namespace {
latentlab::fuzz::Entry entry = nullptr;
}

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  torch::set_num_threads(1);  // one input at a time on one core: no pool threads
  entry = latentlab::fuzz::entryFor(LATENTLAB_FUZZ_TARGET);
  if (!entry) {
    std::fprintf(stderr, "unknown fuzz target %s\n", LATENTLAB_FUZZ_TARGET);
    std::abort();
  }
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  entry(std::string_view(reinterpret_cast<const char*>(data), size));
  return 0;
}
