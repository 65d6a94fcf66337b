// stb_image and stb_image_resize compiled into the fuzz targets with the fuzzer's instrumentation. Debian's
// libstb.so is not instrumented: without these the fuzzer would get no coverage feedback inside the decoders and
// AddressSanitizer could not see their reads. The executable's definitions take precedence over the shared
// library's, and the source is the same Debian package's.
#define STB_IMAGE_IMPLEMENTATION
#include <stb/stb_image.h>
#define STB_IMAGE_RESIZE_IMPLEMENTATION
#include <stb/stb_image_resize.h>
