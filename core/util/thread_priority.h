#pragma once
// Background threads (codes, UMAP, the scatter's raster, the window's trainer) run below the frame loop.

namespace latentlab {

// Sets the calling thread's nice value on Linux, where nice applies to one thread (threads it starts later inherit
// it); elsewhere it does nothing. Values above 0 only: the process may not raise its priority.
void setThisThreadNiceness(int niceness);

}  // namespace latentlab
