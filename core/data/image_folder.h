#pragma once
// `folder:DIR`: every image stb_image can read (PNG, JPEG, BMP, GIF, TGA, PSD, HDR, PIC, PNM), found
// recursively in sorted path order; hidden files and folders (".name") are left out.
// - Labels: the first level of subfolders names the classes (sorted by name; deeper folders belong to their
//   first-level folder). With no subfolders there are no labels. Files lying directly in DIR beside class
//   folders get a class of their own, "(top level)", rather than being dropped or mislabelled.
// - Every header is checked with stbi_info before decoding: a file claiming an absurd size (say 100000 x 100000)
//   is refused without allocating. Files that cannot be read are skipped, counted, and the first reasons kept.
// - Channels: DataOptions::channels, else RGB when any header says colour, else gray (alpha is dropped).
// - Size: DataOptions::size, else 28 when every image is at most 32 px on each side, else 64. Each image is
//   centre-cropped to a square (no letterbox bars for the model to learn), then resized with stb_image_resize.
// - Test split: the files whose relative path hashes to 0 mod 10, so it is stable when files are added.
// - Decoding runs on two threads, reports progress for big folders and stops when DataOptions::cancel is set.
#include <filesystem>
#include <string>
#include <string_view>

#include "data/dataset.h"
#include "data/image_checks.h"

namespace latentlab {

Dataset loadImageFolder(const std::filesystem::path& root, const DataOptions& options);

// One file's two passes from bytes in memory: the same checks and decode loadImageFolder applies to each file
// on disk (the fuzzer and the regression tests feed these). `reason` empty: the file may be decoded.
ImageHeader probeImage(std::string_view bytes);
// Decodes, centre-crops to a square, resizes to side x side and writes it planar (channels x side x side) at
// `out`. Returns why the file is skipped, or empty.
std::string decodeImage(std::string_view bytes, int channels, int side, uint8_t* out);

}  // namespace latentlab
