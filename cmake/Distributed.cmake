# Distributed training on LibTorch's c10d (core/dist). Each backend is compiled in where the Torch build has it:
# Gloo where its targets define USE_C10D_GLOO and gloo's headers are installed (Debian: libgloo-dev; pip's torch
# wheels ship none), NCCL where they define USE_C10D_NCCL (CUDA builds) and nccl.h is found (a CUDA toolkit, or
# pip's nvidia-nccl package: pass -DLATENTLAB_NCCL_INCLUDE=DIR or set NCCL_INCLUDE_DIR). Without either the code
# compiles out and `train` on several ranks says so.
option(LATENTLAB_DISTRIBUTED "Distributed training on c10d when LibTorch has it" ON)

# The defines go to `source` alone (compiled without the precompiled header): the rest of `target` keeps its
# flags, so its objects and precompiled header stay shared with builds that have no backend.
function(latentlab_detect_distributed target source)
  set(_defs "")
  foreach(_t torch_cpu torch_cuda torch)
    if(TARGET ${_t})
      get_target_property(_d ${_t} INTERFACE_COMPILE_DEFINITIONS)
      if(_d)
        list(APPEND _defs ${_d})
      endif()
    endif()
  endforeach()
  find_path(LATENTLAB_C10D_INCLUDE torch/csrc/distributed/c10d/TCPStore.hpp HINTS ${TORCH_INCLUDE_DIRS})
  find_path(LATENTLAB_GLOO_INCLUDE gloo/config.h)
  find_path(LATENTLAB_NCCL_INCLUDE nccl.h HINTS ${CUDAToolkit_INCLUDE_DIRS} ENV NCCL_INCLUDE_DIR)
  set(_mine "")
  set(_names "")
  if(LATENTLAB_DISTRIBUTED AND LATENTLAB_C10D_INCLUDE)
    if("USE_C10D_GLOO" IN_LIST _defs AND LATENTLAB_GLOO_INCLUDE)
      list(APPEND _mine LATENTLAB_HAVE_GLOO)
      list(APPEND _names "Gloo")
    endif()
    if("USE_C10D_NCCL" IN_LIST _defs AND LATENTLAB_NCCL_INCLUDE)
      list(APPEND _mine LATENTLAB_HAVE_NCCL)
      list(APPEND _names "NCCL")
    endif()
  endif()
  if(_mine)
    # Header folders outside the compiler's own (pip's nvidia-nccl, a gloo build) for this one file only: adding
    # /usr/include ahead of a pip LibTorch's headers would hide them behind Debian's.
    set(_dirs "")
    foreach(_dir ${LATENTLAB_GLOO_INCLUDE} ${LATENTLAB_NCCL_INCLUDE})
      if(_dir AND NOT _dir IN_LIST CMAKE_CXX_IMPLICIT_INCLUDE_DIRECTORIES)
        list(APPEND _dirs ${_dir})
      endif()
    endforeach()
    set_source_files_properties(${source} TARGET_DIRECTORY ${target} PROPERTIES
      COMPILE_DEFINITIONS "${_mine}" INCLUDE_DIRECTORIES "${_dirs}" SKIP_PRECOMPILE_HEADERS ON)
    string(REPLACE ";" " and " _names "${_names}")
    message(STATUS "Distributed training: c10d ${_names}")
  else()
    message(STATUS "Distributed training: off (needs LibTorch's c10d with Gloo and libgloo-dev, or NCCL and nccl.h)")
  endif()
  if("LATENTLAB_HAVE_GLOO" IN_LIST _mine)
    set(LATENTLAB_HAVE_GLOO ON PARENT_SCOPE)
  else()
    set(LATENTLAB_HAVE_GLOO OFF PARENT_SCOPE)
  endif()
endfunction()
