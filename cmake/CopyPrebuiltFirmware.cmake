# Script mode (cmake -DFROM=<dir> -DTO=<dir> -DNAME=<image> -P this file):
# copies one prebuilt firmware image, <NAME>.elf and <NAME>.map, from FROM to
# TO, leaving a copy that is already identical untouched. Used by
# mcuprof_add_prebuilt_firmware() (cmake/PrebuiltFirmware.cmake).
foreach(_ext elf map)
  set(_from "${FROM}/${NAME}.${_ext}")
  if(NOT EXISTS "${_from}")
    # The leading space keeps the message on one line (CMake wraps the others).
    message(FATAL_ERROR " prebuilt firmware ${_from} is missing although its build directory was just brought up to date: "
                        "rebuild it (tools/build.sh) or leave MCUPROF_PREBUILT_FIRMWARE_DIR empty to cross-compile here")
  endif()
  file(COPY_FILE "${_from}" "${TO}/${NAME}.${_ext}" ONLY_IF_DIFFERENT)
endforeach()
