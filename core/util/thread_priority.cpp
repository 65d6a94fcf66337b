#include "util/thread_priority.h"

#ifdef __linux__
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>
#endif

namespace latentlab {

void setThisThreadNiceness(int niceness) {
#ifdef __linux__
  if (niceness > 0) setpriority(PRIO_PROCESS, static_cast<id_t>(syscall(SYS_gettid)), niceness);
#else
  (void)niceness;
#endif
}

}  // namespace latentlab
