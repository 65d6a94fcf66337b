# Use ccache when it is installed. The sloppiness settings let it cache objects built with a precompiled header.
find_program(CCACHE_PROGRAM ccache)
if(CCACHE_PROGRAM AND NOT CMAKE_CXX_COMPILER_LAUNCHER)
  set(_ccache_launcher
      ${CMAKE_COMMAND} -E env CCACHE_SLOPPINESS=pch_defines,time_macros,include_file_mtime,include_file_ctime
      ${CCACHE_PROGRAM})
  set(CMAKE_C_COMPILER_LAUNCHER ${_ccache_launcher})
  set(CMAKE_CXX_COMPILER_LAUNCHER ${_ccache_launcher})
  message(STATUS "ccache: ${CCACHE_PROGRAM}")
endif()
