#pragma once
// Background threads (codes, UMAP, the scatter's raster, the window's trainer) run below the frame loop, and every
// thread of ours has a name.

namespace latentlab {

// Sets the calling thread's nice value on Linux, where nice applies to one thread (threads it starts later inherit
// it); elsewhere it does nothing. Values above 0 only: the process may not raise its priority.
void setThisThreadNiceness(int niceness);

// Names the calling thread as top, perf and gdb show it (Linux: at most 15 characters, the rest cut off); threads
// it starts later, its OpenMP team's among them, take the name too. Elsewhere it does nothing.
void nameThisThread(const char* name);

}  // namespace latentlab
