#include "util/memory.h"

#if defined(__GLIBC__)
#include <malloc.h>
#endif

namespace latentlab {

void releaseFreedMemory() {
#if defined(__GLIBC__)
  malloc_trim(0);
#endif
}

}  // namespace latentlab
