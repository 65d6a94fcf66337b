# Generates the OpenGL 3.3 core loader with the glad2 generator at configure time, into the build tree.
# The generator comes from the tools venv that scripts/setup makes (.tools/venv); GLAD_GENERATOR overrides it.
set(LATENTLAB_GLAD_API "gl:core=3.3")
find_program(GLAD_GENERATOR glad
  HINTS "${PROJECT_SOURCE_DIR}/.tools/venv/bin"
  DOC "The glad2 generator (installed by scripts/setup)")
if(NOT GLAD_GENERATOR)
  message(FATAL_ERROR "glad2 generator not found. Run scripts/setup (it installs glad2 into .tools/venv), "
                      "or pass -DGLAD_GENERATOR=/path/to/glad.")
endif()

set(_glad_dir "${CMAKE_BINARY_DIR}/glad")
set(_glad_stamp "${_glad_dir}/stamp-${LATENTLAB_GLAD_API}")
if(NOT EXISTS "${_glad_stamp}")
  file(REMOVE_RECURSE "${_glad_dir}")
  execute_process(
    COMMAND "${GLAD_GENERATOR}" --quiet --reproducible --api "${LATENTLAB_GLAD_API}" --extensions=
            --out-path "${_glad_dir}" c
    RESULT_VARIABLE _glad_result
    ERROR_VARIABLE _glad_error)
  if(NOT _glad_result EQUAL 0 OR NOT EXISTS "${_glad_dir}/src/gl.c")
    message(FATAL_ERROR "glad2 failed to generate the OpenGL loader (${_glad_result}):\n${_glad_error}")
  endif()
  file(WRITE "${_glad_stamp}" "${GLAD_GENERATOR}\n")
  message(STATUS "glad: generated ${LATENTLAB_GLAD_API} loader in ${_glad_dir}")
endif()

add_library(glad STATIC "${_glad_dir}/src/gl.c")
target_include_directories(glad SYSTEM PUBLIC "${_glad_dir}/include")
set_target_properties(glad PROPERTIES POSITION_INDEPENDENT_CODE ON)
