#pragma once
// Which threads compute in parallel (docs/architecture.md, "Training speed"). LibTorch's CPU operations and OpenBLAS
// run on an OpenMP team that belongs to the thread calling them: every thread that runs a parallel operation gets a
// team of its own, and it lives as long as that thread. libgomp counts the workers of all teams, idle or not, and
// once they outnumber the cores none of them spins between regions any more: each sleeps on a futex after about 100
// spins and has to be woken for the next operation. The main thread's team (made while loading the data) beside the
// trainer's was enough to halve training's speed (docs/performance.md, "Figures behind the code").
// So only a trainer's thread computes in parallel; a long-lived thread that also runs LibTorch (the CLI's and the
// window's main thread, the workers beside the trainer) calls this before its first LibTorch operation. A thread
// that ends soon need not: its team ends with it.

namespace latentlab {

// From its next operation on, the calling thread's LibTorch and OpenBLAS operations use `threads` threads (its own
// OpenMP team; other threads keep their counts). False, and nothing changes, where LibTorch is not built with OpenMP:
// its native pool is sized once for the process.
bool setComputeThreadsHere(int threads);

// From now on the calling thread's LibTorch and OpenBLAS operations run on it alone, with no OpenMP team; other
// threads keep the intra-op thread count (at::get_num_threads()). Nothing where LibTorch is built without OpenMP
// or brings its own runtime.
void computeOnThisThreadAlone();

// What a long-lived worker beside the trainer does first, on its own thread: takes its name (as top and perf show
// it), lowers itself to `niceness` (0: as the frame loop) and computes alone, as above.
void becomeWorkerThread(const char* name, int niceness = 0);

// Denormal floats are flushed to zero, as inputs and as results, on the calling thread and the threads of its OpenMP
// team (the x86 MXCSR is per thread; threads started later copy it). A training step meets them after an epoch or
// so: Adam's second moments of tiny gradients (|g| < 1e-19 squares to one), and the CPU takes each in microcode (a
// fifth of training's speed, with the same losses). PyTorch's torch.set_flush_denormal(True) does the same for one
// thread.
void flushDenormalsHere();

}  // namespace latentlab
