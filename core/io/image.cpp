#include "io/image.h"

#include <stb/stb_image.h>
#include <stb/stb_image_write.h>

#include <unordered_set>

#include "io/atomic_file.h"
#include "util/error.h"

namespace latentlab {

std::string encodePng(const Image& image) {
  if (image.empty() || image.channels < 1 || image.channels > 4) throw Error("cannot encode an empty image");
  std::string out;
  auto append = [](void* context, void* data, int size) {
    static_cast<std::string*>(context)->append(static_cast<const char*>(data), size_t(size));
  };
  const int ok = stbi_write_png_to_func(append, &out, image.width, image.height, image.channels, image.pixels.data(),
                                        image.width * image.channels);
  if (!ok) throw Error("PNG encoding failed");
  return out;
}

void writePng(const std::filesystem::path& path, const Image& image) { writeFileAtomic(path, encodePng(image)); }

Image readImage(const std::filesystem::path& path) {
  const std::string bytes = readFile(path);
  int w = 0, h = 0, c = 0;
  const auto* data = reinterpret_cast<const stbi_uc*>(bytes.data());
  stbi_uc* pixels = stbi_load_from_memory(data, int(bytes.size()), &w, &h, &c, 0);
  if (!pixels) throw Error("cannot decode image '" + path.string() + "': " + stbi_failure_reason());
  Image image(w, h, c);
  std::copy(pixels, pixels + image.pixels.size(), image.pixels.begin());
  stbi_image_free(pixels);
  return image;
}

size_t countDistinctColours(const Image& image) {
  std::unordered_set<uint32_t> colours;
  for (size_t i = 0; i + image.channels <= image.pixels.size(); i += size_t(image.channels)) {
    uint32_t key = 0;
    for (int c = 0; c < image.channels; ++c) key = (key << 8) | image.pixels[i + size_t(c)];
    colours.insert(key);
  }
  return colours.size();
}

}  // namespace latentlab
