#pragma once
// Gives memory freed by a closed source back to the system.
namespace latentlab {

// glibc keeps freed heap memory in its per-thread arenas for reuse; after a run's data, models and history are
// freed (a run switch), that memory would stay resident and the window would grow with every switch. Costs a few
// milliseconds: call it off the frame loop. Does nothing where the C library has no malloc_trim.
void releaseFreedMemory();

}  // namespace latentlab
