#pragma once
// FNV-1a over bytes: a fixed hash (std::hash may differ between libraries), for what must come out the same
// everywhere (the image-folder holdout) or be compared between runs (the slider image in tests and the frame log).
#include <cstddef>
#include <cstdint>

namespace latentlab {

inline uint64_t fnv1a(const void* data, size_t size) {
  const auto* bytes = static_cast<const unsigned char*>(data);
  uint64_t h = 1469598103934665603ull;
  for (size_t i = 0; i < size; ++i) h = (h ^ bytes[i]) * 1099511628211ull;
  return h;
}

}  // namespace latentlab
