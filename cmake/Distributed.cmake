# Distributed training on LibTorch's c10d (core/dist): Gloo where the Torch build exports it (its targets define
# USE_C10D_GLOO) and gloo's headers are installed (libgloo-dev), NCCL where they define USE_C10D_NCCL (CUDA
# builds). Without them the code compiles out and `train` on several ranks says so.
option(LATENTLAB_DISTRIBUTED "Distributed training on c10d when LibTorch has it" ON)

# The defines go to `source` alone (compiled without the precompiled header): the rest of `target` keeps its
# flags, so its objects and precompiled header stay shared with builds that have no Gloo.
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
  find_path(LATENTLAB_C10D_INCLUDE torch/csrc/distributed/c10d/ProcessGroupGloo.hpp HINTS ${TORCH_INCLUDE_DIRS})
  find_path(LATENTLAB_GLOO_INCLUDE gloo/config.h)
  set(_gloo OFF)
  if(LATENTLAB_DISTRIBUTED AND "USE_C10D_GLOO" IN_LIST _defs AND LATENTLAB_C10D_INCLUDE AND LATENTLAB_GLOO_INCLUDE)
    set(_gloo ON)
    set(_mine LATENTLAB_HAVE_GLOO)
    if("USE_C10D_NCCL" IN_LIST _defs)
      list(APPEND _mine LATENTLAB_HAVE_NCCL)
    endif()
    set_source_files_properties(${source} TARGET_DIRECTORY ${target} PROPERTIES
      COMPILE_DEFINITIONS "${_mine}" SKIP_PRECOMPILE_HEADERS ON)
  endif()
  set(LATENTLAB_HAVE_GLOO ${_gloo} PARENT_SCOPE)
  if("USE_C10D_NCCL" IN_LIST _defs AND _gloo)
    message(STATUS "Distributed training: c10d Gloo and NCCL")
  elseif(_gloo)
    message(STATUS "Distributed training: c10d Gloo (this LibTorch has no NCCL)")
  else()
    message(STATUS "Distributed training: off (needs LibTorch's c10d Gloo and libgloo-dev)")
  endif()
endfunction()
