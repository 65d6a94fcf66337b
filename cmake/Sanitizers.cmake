# Sanitizer builds of our own code. LibTorch, OpenBLAS and the other libraries come prebuilt from Debian and are
# not instrumented: only what this project compiles is.
#   LATENTLAB_ASAN: AddressSanitizer + UndefinedBehaviorSanitizer on every target (scripts/sanitize, build-asan).
#   LATENTLAB_FUZZ: the same plus libFuzzer's coverage instrumentation (clang only), for tests/fuzz (scripts/fuzz,
#                   build-fuzz); the fuzz targets themselves link with -fsanitize=fuzzer.
# UB is made fatal (-fno-sanitize-recover) so a test or a fuzzer stops at the first report instead of logging it.
if(LATENTLAB_ASAN AND LATENTLAB_FUZZ)
  message(FATAL_ERROR "LATENTLAB_ASAN and LATENTLAB_FUZZ are separate builds (build-asan, build-fuzz)")
endif()
if(LATENTLAB_ASAN OR LATENTLAB_FUZZ)
  if(LATENTLAB_TSAN)
    message(FATAL_ERROR "ThreadSanitizer cannot be combined with AddressSanitizer: use separate build folders")
  endif()
  set(_sanitizers address,undefined)
  if(LATENTLAB_FUZZ)
    if(NOT CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
      message(FATAL_ERROR "LATENTLAB_FUZZ needs clang (libFuzzer): configure with CC=clang CXX=clang++")
    endif()
    set(_sanitizers fuzzer-no-link,${_sanitizers})
  endif()
  # Line tables are all a report's stack needs (-g1), and much cheaper to build than -g with LibTorch's headers.
  add_compile_options(-fsanitize=${_sanitizers} -fno-sanitize-recover=undefined -fno-omit-frame-pointer
                      $<IF:$<BOOL:${LATENTLAB_FUZZ}>,-g,-g1>)
  add_link_options(-fsanitize=address,undefined)
endif()
