#pragma once
// IDX directories (`mnist:DIR`) and Debian's Fashion-MNIST (`fashion-mnist`), which is one of them.
#include <filesystem>

#include "data/dataset.h"

namespace latentlab {

// Where Debian's dataset-fashion-mnist puts its files.
extern const char* const kFashionMnistDir;

bool fashionMnistInstalled();

// train-images-idx3-ubyte[.gz] is required; train-labels-idx1-ubyte[.gz] is optional; t10k-* files are the test
// split when present, otherwise every tenth training image is held out. Class names are "0".."max label".
Dataset loadIdxDirectory(const std::filesystem::path& dir);

// loadIdxDirectory on kFashionMnistDir with the ten class names; an Error saying what to install when missing.
Dataset loadFashionMnist();

}  // namespace latentlab
