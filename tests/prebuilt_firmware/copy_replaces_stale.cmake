# Script mode: a stale copy of an image (and a missing map) in the build's
# firmware directory are replaced by the prebuilt ones (COPY is
# cmake/CopyPrebuiltFirmware.cmake, WORK a scratch directory).
file(REMOVE_RECURSE "${WORK}")
file(WRITE "${WORK}/from/image.elf" "fresh image")
file(WRITE "${WORK}/from/image.map" "fresh map")
file(WRITE "${WORK}/to/image.elf" "stale image")
execute_process(COMMAND "${CMAKE_COMMAND}" -DFROM=${WORK}/from -DTO=${WORK}/to -DNAME=image -P "${COPY}"
  RESULT_VARIABLE result)
if(NOT result EQUAL 0)
  message(FATAL_ERROR "the copy failed: ${result}")
endif()
foreach(ext_content "elf;fresh image" "map;fresh map")
  list(GET ext_content 0 ext)
  list(GET ext_content 1 expected)
  file(READ "${WORK}/to/image.${ext}" copied)
  if(NOT copied STREQUAL expected)
    message(FATAL_ERROR "image.${ext} holds '${copied}' after the copy, not '${expected}'")
  endif()
endforeach()
