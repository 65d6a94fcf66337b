#pragma once
// Adam's update in one pass over each parameter (docs/architecture.md, "Training speed"). LibTorch's
// torch::optim::Adam takes about nine tensor operations per parameter tensor, each a full pass over its memory and
// two of them allocating: for vae-mlp's 650k parameters that was 30% of a CPU training step. These functions keep
// the torch::optim::Adam object (its options, its state and its checkpoint format are unchanged) and only replace
// how the step is computed.
#include <torch/torch.h>

namespace latentlab {

// optimizer.step(), with the same arithmetic as LibTorch's Adam (no amsgrad, no weight decay), fused on the CPU for
// float parameters; anything else (a GPU, other options) goes to optimizer.step().
void adamStep(torch::optim::Adam& optimizer);

// Sets every gradient to zero in place. Gradients stay the tensors they are: in a data-parallel job they are views
// of the allreduce buffers (core/dist), which LibTorch's zero_grad would detach (1.13) or drop (2.x).
void zeroGradients(torch::optim::Optimizer& optimizer);

}  // namespace latentlab
