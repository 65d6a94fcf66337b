#pragma once
// The precompiled header for every target that uses LibTorch: parsing torch/torch.h costs ~15 s per file.
#include <torch/torch.h>
