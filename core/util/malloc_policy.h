#pragma once
// How the C library's allocator gives memory back. glibc serves a large block (a batch of images, a checkpoint
// being serialised) from mmap only while it is above a threshold that it raises to the size of each large block
// freed, up to 32 MB; after the first checkpoint or encoded chunk, such blocks come from the heap and stay resident
// after they are freed. A fixed threshold keeps them mmapped and returned at once: the window's peak RSS while
// training Fashion-MNIST went from 493 MB to 420 MB (bench/run, the window).
namespace latentlab {

// Call once, first thing in main(). Does nothing where the C library is not glibc.
void returnLargeBlocksPromptly();

}  // namespace latentlab
