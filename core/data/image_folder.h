#pragma once
// `folder:DIR`: every image stb_image reads, found recursively; the first level of subfolders names the classes.
// Declared sizes are checked with stbi_info before decoding, unreadable files are skipped and counted, and the
// images are converted to one channel count and resized (centre square crop) to one side.
#include <filesystem>

#include "data/dataset.h"

namespace latentlab {

Dataset loadImageFolder(const std::filesystem::path& root, const DataOptions& options);

}  // namespace latentlab
