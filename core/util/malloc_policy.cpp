#include "util/malloc_policy.h"

#if defined(__GLIBC__)
#include <malloc.h>
#endif

namespace latentlab {

void returnLargeBlocksPromptly() {
#if defined(__GLIBC__)
  // 1 MB: a 128-image batch of 28x28 floats (400 KB) stays on the heap; a data chunk or an archive does not.
  // Setting it also turns off glibc's raising of the threshold.
  mallopt(M_MMAP_THRESHOLD, 1 << 20);
#endif
}

}  // namespace latentlab
