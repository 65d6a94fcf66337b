// Checks that a screenshot shows a drawn window, not a blank or garbage frame:
//   check_screenshot FILE.png MIN_COLOURS [R,G,B MIN_PIXELS]...
// Each R,G,B MIN_PIXELS pair asks for at least MIN_PIXELS pixels within 6 levels of that colour.
#include <cstdio>
#include <cstdlib>
#include <string>

#include "io/image.h"
#include "util/error.h"

using namespace latentlab;

static size_t countNear(const Image& image, int r, int g, int b) {
  size_t count = 0;
  for (size_t i = 0; i + 2 < image.pixels.size(); i += size_t(image.channels)) {
    const int dr = image.pixels[i] - r, dg = image.pixels[i + 1] - g, db = image.pixels[i + 2] - b;
    if (std::abs(dr) <= 6 && std::abs(dg) <= 6 && std::abs(db) <= 6) ++count;
  }
  return count;
}

int main(int argc, char** argv) {
  if (argc < 3 || (argc - 3) % 2 != 0) {
    std::fprintf(stderr, "usage: %s FILE.png MIN_COLOURS [R,G,B MIN_PIXELS]...\n", argv[0]);
    return 2;
  }
  try {
    const Image image = readImage(argv[1]);
    const size_t colours = countDistinctColours(image);
    std::printf("%s: %dx%d, %zu distinct colours\n", argv[1], image.width, image.height, colours);
    bool ok = colours >= std::stoul(argv[2]);
    if (!ok) std::printf("FAIL: fewer than %s colours\n", argv[2]);
    for (int i = 3; i + 1 < argc; i += 2) {
      int r = 0, g = 0, b = 0;
      if (std::sscanf(argv[i], "%d,%d,%d", &r, &g, &b) != 3) {
        std::fprintf(stderr, "bad colour '%s'\n", argv[i]);
        return 2;
      }
      const size_t near = countNear(image, r, g, b), wanted = std::stoul(argv[i + 1]);
      std::printf("colour %s: %zu pixels (want >= %zu)\n", argv[i], near, wanted);
      ok = ok && near >= wanted;
    }
    std::printf("%s\n", ok ? "OK" : "FAIL");
    return ok ? 0 : 1;
  } catch (const Error& e) {
    std::fprintf(stderr, "check_screenshot: %s\n", e.what());
    return 1;
  }
}
