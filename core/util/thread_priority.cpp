#include "util/thread_priority.h"

#ifdef __linux__
#include <pthread.h>
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

void nameThisThread(const char* name) {
#ifdef __linux__
  char cut[16] = {};
  for (size_t i = 0; i + 1 < sizeof cut && name[i]; ++i) cut[i] = name[i];
  pthread_setname_np(pthread_self(), cut);
#else
  (void)name;
#endif
}

}  // namespace latentlab
