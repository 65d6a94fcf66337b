#include "util/compute_threads.h"

#include <ATen/Context.h>
#include <ATen/Parallel.h>

#ifdef _OPENMP
#include <omp.h>
#endif

#include "util/thread_priority.h"

namespace latentlab {

bool setComputeThreadsHere(int threads) {
#ifdef _OPENMP
  if (threads < 1) return false;
  // LibTorch gives each thread the process's count on the thread's first call into it: that comes first here, so
  // it cannot undo the count set below. The count is the thread's own (an OpenMP ICV); the process's stays.
  at::get_num_threads();
  omp_set_num_threads(threads);
  return true;
#else
  (void)threads;
  return false;
#endif
}

void computeOnThisThreadAlone() { setComputeThreadsHere(1); }

void becomeWorkerThread(const char* name, int niceness) {
  nameThisThread(name);
  setThisThreadNiceness(niceness);
  computeOnThisThreadAlone();
}

void flushDenormalsHere() {
  at::globalContext().setFlushDenormal(true);
#ifdef _OPENMP
  const int threads = at::get_num_threads();
  if (threads > 1 && !omp_in_parallel()) {
#pragma omp parallel num_threads(threads)
    at::globalContext().setFlushDenormal(true);
  }
#endif
}

}  // namespace latentlab
