#pragma once
// The desktop program's exit status for a part that may throw (the launcher's main, the explorer's frame loop):
// latentlab::Error, something a user can fix (no display, a library that does not load), is one line on stderr
// and status 2; any other exception status 3.
#include <cstdio>
#include <exception>

#include "util/error.h"

namespace latentlab {

template <class Body>
int exitStatusOf(Body&& body) {
  try {
    return body();
  } catch (const Error& e) {
    std::fprintf(stderr, "latentlab: %s\n", e.what());
    return 2;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "latentlab: unexpected error: %s\n", e.what());
    return 3;
  }
}

}  // namespace latentlab
