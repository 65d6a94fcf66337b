#pragma once
// IDX files (the MNIST format), raw or gzip-compressed, read with zlib without unpacking on disk. The header is
// checked (magic, dimension count, zero or absurd sizes) before the data tensor is allocated, and the data must
// then fill exactly what the header claims.
#include <torch/types.h>

#include <filesystem>

namespace latentlab {

// An images file (magic 0x00000803): N x 1 x H x W uint8.
torch::Tensor readIdxImages(const std::filesystem::path& path);
// A labels file (magic 0x00000801): N int64.
torch::Tensor readIdxLabels(const std::filesystem::path& path);

}  // namespace latentlab
