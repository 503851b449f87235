# Reusing the firmware images of another build directory of this source tree
# instead of cross-compiling them again:
#
#   cmake -B build-asan -DMCUPROF_SANITIZE=ON -DMCUPROF_PREBUILT_FIRMWARE_DIR=$PWD/build
#
# The Cortex-M firmware does not depend on how the host code is built
# (sanitizers, fuzzer instrumentation), so tools/test-sanitized.sh points its
# build at build/ (tools/test.sh's). With the option set, mcuprof_add_firmware()
# (cmake/Firmware.cmake) compiles nothing: every build here first brings the
# other directory's firmware up to date (cmake --build <dir> --target
# mcuprof_firmware_all, nothing to do when tools/test.sh has just built it),
# then copies each image (<name>.elf, <name>.map) into
# ${CMAKE_BINARY_DIR}/firmware/, where the tests read it. So the tests never
# run an image older than the sources, and an image the other directory lacks
# stops the build with one line naming it (CopyPrebuiltFirmware.cmake).

set(MCUPROF_PREBUILT_FIRMWARE_DIR "" CACHE PATH
  "A build directory of this source tree (e.g. build/) whose firmware images this build copies instead of cross-compiling them")

# Configure-time checks: the directory is a configured build of this same
# source tree, not this build itself, and not one that reuses firmware in turn
# (its own update step would then start a chain of nested builds).
# The messages start with a space: CMake prints such a message as it is, on one
# line, where it would wrap any other at 80 columns.
function(_mcuprof_check_prebuilt_firmware_dir dir)
  set(_what " MCUPROF_PREBUILT_FIRMWARE_DIR='${dir}'")
  if(NOT IS_ABSOLUTE "${dir}")
    message(FATAL_ERROR "${_what} must be an absolute path (e.g. $PWD/build)")
  endif()
  if(NOT EXISTS "${dir}/CMakeCache.txt")
    message(FATAL_ERROR "${_what} is not a configured mcuprof build directory (no CMakeCache.txt): "
                        "build it first (tools/build.sh) or leave the option empty to cross-compile the firmware here")
  endif()
  file(REAL_PATH "${dir}" _dir)
  file(REAL_PATH "${CMAKE_BINARY_DIR}" _self)
  if(_dir STREQUAL _self)
    message(FATAL_ERROR "${_what} is this build directory itself; name another one (e.g. build/) or leave the option empty")
  endif()
  load_cache("${dir}" READ_WITH_PREFIX _prebuilt_ CMAKE_HOME_DIRECTORY MCUPROF_PREBUILT_FIRMWARE_DIR)
  file(REAL_PATH "${PROJECT_SOURCE_DIR}" _source)
  if(NOT _prebuilt_CMAKE_HOME_DIRECTORY OR NOT EXISTS "${_prebuilt_CMAKE_HOME_DIRECTORY}")
    message(FATAL_ERROR "${_what}: its CMakeCache.txt names no existing source directory; reconfigure it (tools/build.sh)")
  endif()
  file(REAL_PATH "${_prebuilt_CMAKE_HOME_DIRECTORY}" _its_source)
  if(NOT _its_source STREQUAL _source)
    message(FATAL_ERROR "${_what} is a build of ${_its_source}, not of ${_source}: its firmware may differ; "
                        "name a build directory of this source tree or leave the option empty")
  endif()
  if(_prebuilt_MCUPROF_PREBUILT_FIRMWARE_DIR)
    message(FATAL_ERROR "${_what} reuses the firmware of ${_prebuilt_MCUPROF_PREBUILT_FIRMWARE_DIR} itself; "
                        "name the directory that cross-compiles it")
  endif()
endfunction()

# The step every copy waits for: the other directory's firmware, up to date.
function(_mcuprof_prebuilt_firmware_update_target)
  if(TARGET mcuprof_prebuilt_firmware_update)
    return()
  endif()
  _mcuprof_check_prebuilt_firmware_dir("${MCUPROF_PREBUILT_FIRMWARE_DIR}")
  add_custom_target(mcuprof_prebuilt_firmware_update
    COMMAND "${CMAKE_COMMAND}" --build "${MCUPROF_PREBUILT_FIRMWARE_DIR}" --target mcuprof_firmware_all
    COMMENT "Bringing the firmware of ${MCUPROF_PREBUILT_FIRMWARE_DIR} up to date"
    VERBATIM)
endfunction()

# firmware-<name>: copies <name>.elf and <name>.map from the prebuilt
# directory to <out_dir> when they differ (so a copy keeps its time stamp when
# nothing changed). It runs on every build, after the update step.
function(mcuprof_add_prebuilt_firmware name out_dir)
  _mcuprof_prebuilt_firmware_update_target()
  add_custom_target(firmware-${name}
    COMMAND "${CMAKE_COMMAND}" "-DFROM=${MCUPROF_PREBUILT_FIRMWARE_DIR}/firmware" "-DTO=${out_dir}"
            "-DNAME=${name}" -P "${MCUPROF_FIRMWARE_CMAKE_DIR}/CopyPrebuiltFirmware.cmake"
    BYPRODUCTS "${out_dir}/${name}.elf" "${out_dir}/${name}.map"
    COMMENT "Copying prebuilt firmware ${name}.elf"
    VERBATIM)
  add_dependencies(firmware-${name} mcuprof_prebuilt_firmware_update)
endfunction()
