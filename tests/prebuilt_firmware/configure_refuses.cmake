# Script mode: configures the source tree SOURCE in WORK/build with a prebuilt
# firmware directory that is wrong in the way CASE names, and checks that the
# configure fails with a message matching PATTERN.
#   unconfigured: a directory with no CMakeCache.txt;
#   other_tree:   a build directory whose cache names another source tree.
file(REMOVE_RECURSE "${WORK}")
set(prebuilt "${WORK}/prebuilt")
file(MAKE_DIRECTORY "${prebuilt}")
if(CASE STREQUAL "other_tree")
  file(MAKE_DIRECTORY "${WORK}/other_tree_source")
  file(WRITE "${prebuilt}/CMakeCache.txt" "CMAKE_HOME_DIRECTORY:INTERNAL=${WORK}/other_tree_source\n")
endif()
execute_process(
  COMMAND "${CMAKE_COMMAND}" -S "${SOURCE}" -B "${WORK}/build" -G Ninja "-DMCUPROF_PREBUILT_FIRMWARE_DIR=${prebuilt}"
  RESULT_VARIABLE result OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(result EQUAL 0)
  message(FATAL_ERROR "the configure succeeded with MCUPROF_PREBUILT_FIRMWARE_DIR=${prebuilt} (${CASE})")
endif()
if(NOT err MATCHES "${PATTERN}")
  message(FATAL_ERROR "the configure failed without a message matching '${PATTERN}':\n${err}")
endif()
