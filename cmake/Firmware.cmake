# Cross-builds Cortex-M firmware for a board profile with arm-none-eabi-gcc.
#
#   mcuprof_add_firmware(NAME <name> BOARD <board> SOURCES <src>...
#                        [RDIMON] [OPT <-O level>] [DEFINES <d>...] [INCLUDES <dir>...]
#                        [STACK_SIZE <bytes>] [SRAM_BUDGET <bytes>] [BOARD_CLOCK])
#
# Produces ${CMAKE_BINARY_DIR}/firmware/<name>.elf (plus <name>.map, and the
# objects, .su stack-usage files and generated <name>.ld under
# firmware/obj/<name>/), and adds it to the target mcuprof_firmware_all.
# The core and FPU flags come from profiles/<board>.toml; the linker script is
# generated from the same profile by mcuprof-linker-script at build time.
#   RDIMON: link newlib with rdimon semihosting (printf, malloc, exit); the
#           startup hands over to newlib's crt0. Without it the image is bare:
#           no crt0, main's return value becomes the semihosting exit code.
#   OPT:    optimisation flag, default -O2.
#   BOARD_CLOCK: bring the clock up to the part's maximum before main: adds
#           firmware/board/<controller>_clock.c for the profile's [clock]
#           controller (stm32f4, stm32f7, stm32h7) and MCUPROF_BOARD_CLOCK=1.
#           Without it the firmware runs at the reset clock.
# Every image gets firmware/startup/startup.c, firmware/semihost/semihost.c and
# the include directories firmware/include and firmware/semihost.
# With -DMCUPROF_PREBUILT_FIRMWARE_DIR=<build dir> nothing is compiled: the
# images are copied from that build (cmake/PrebuiltFirmware.cmake).

set(MCUPROF_FIRMWARE_CMAKE_DIR "${CMAKE_CURRENT_LIST_DIR}")
include(PrebuiltFirmware)

function(_mcuprof_find_arm_gcc out_var)
  find_program(MCUPROF_ARM_GCC arm-none-eabi-gcc)
  if(NOT MCUPROF_ARM_GCC OR NOT EXISTS "${MCUPROF_ARM_GCC}")
    message(FATAL_ERROR
      "mcuprof_add_firmware: arm-none-eabi-gcc not found (MCUPROF_ARM_GCC='${MCUPROF_ARM_GCC}'). Install the Arm bare-metal "
      "toolchain and newlib (Debian: apt-get install gcc-arm-none-eabi libnewlib-arm-none-eabi), "
      "or set MCUPROF_ARM_GCC to the compiler's full path.")
  endif()
  set(${out_var} "${MCUPROF_ARM_GCC}" PARENT_SCOPE)
endfunction()

# Reads one top-level string key (key = "value") from a profile.
function(_mcuprof_profile_string profile key out_var)
  file(STRINGS "${profile}" _lines REGEX "^[ \t]*${key}[ \t]*=")
  list(LENGTH _lines _count)
  if(NOT _count EQUAL 1)
    message(FATAL_ERROR "mcuprof_add_firmware: ${profile} must set '${key}' exactly once at top level")
  endif()
  if(NOT _lines MATCHES "=[ \t]*\"([^\"]+)\"")
    message(FATAL_ERROR "mcuprof_add_firmware: '${key}' in ${profile} must be a quoted string")
  endif()
  set(${out_var} "${CMAKE_MATCH_1}" PARENT_SCOPE)
endfunction()

# The -mcpu/-mfpu/-mfloat-abi flags for a board's core and FPU.
function(mcuprof_board_cpu_flags board out_var)
  set(_profile "${MCUPROF_PROFILES_DIR}/${board}.toml")
  if(NOT EXISTS "${_profile}")
    file(GLOB _all RELATIVE "${MCUPROF_PROFILES_DIR}" "${MCUPROF_PROFILES_DIR}/*.toml")
    string(REPLACE ".toml" "" _all "${_all}")
    string(REPLACE ";" ", " _all "${_all}")
    message(FATAL_ERROR "mcuprof_add_firmware: unknown board '${board}' (no ${_profile}); available: ${_all}")
  endif()
  _mcuprof_profile_string("${_profile}" core _core)
  _mcuprof_profile_string("${_profile}" fpu _fpu)
  if(NOT _core MATCHES "^cortex-m[47]$")
    message(FATAL_ERROR "mcuprof_add_firmware: ${_profile}: unsupported core '${_core}'")
  endif()
  set(_flags -mthumb -mcpu=${_core})
  if(_fpu STREQUAL "none")
    list(APPEND _flags -mfloat-abi=soft)
  else()
    list(APPEND _flags -mfpu=${_fpu} -mfloat-abi=hard)
  endif()
  set(${out_var} ${_flags} PARENT_SCOPE)
endfunction()

function(mcuprof_add_firmware)
  cmake_parse_arguments(FW "RDIMON;BOARD_CLOCK" "NAME;BOARD;OPT;STACK_SIZE;SRAM_BUDGET" "SOURCES;DEFINES;INCLUDES" ${ARGN})
  if(FW_UNPARSED_ARGUMENTS)
    message(FATAL_ERROR "mcuprof_add_firmware: unknown arguments: ${FW_UNPARSED_ARGUMENTS}")
  endif()
  if(NOT FW_NAME OR NOT FW_BOARD OR NOT FW_SOURCES)
    message(FATAL_ERROR "mcuprof_add_firmware: NAME, BOARD and SOURCES are required")
  endif()
  if(NOT FW_OPT)
    set(FW_OPT -O2)
  endif()
  mcuprof_board_cpu_flags(${FW_BOARD} _cpu)

  set(_out_dir "${CMAKE_BINARY_DIR}/firmware")
  set(_elf "${_out_dir}/${FW_NAME}.elf")
  if(MCUPROF_PREBUILT_FIRMWARE_DIR)
    file(MAKE_DIRECTORY "${_out_dir}")
    mcuprof_add_prebuilt_firmware(${FW_NAME} "${_out_dir}")
    _mcuprof_register_firmware(${FW_NAME} ${FW_BOARD} "${_elf}")
    return()
  endif()
  _mcuprof_find_arm_gcc(_gcc)
  set(_obj_dir "${_out_dir}/obj/${FW_NAME}")
  file(MAKE_DIRECTORY "${_obj_dir}")
  set(_ld "${_obj_dir}/${FW_NAME}.ld")
  set(_profile "${MCUPROF_PROFILES_DIR}/${FW_BOARD}.toml")

  set(_ld_args --board "${_profile}" -o "${_ld}")
  if(FW_STACK_SIZE)
    list(APPEND _ld_args --stack-size ${FW_STACK_SIZE})
  endif()
  if(FW_SRAM_BUDGET)
    list(APPEND _ld_args --sram-budget ${FW_SRAM_BUDGET})
  endif()
  add_custom_command(OUTPUT "${_ld}"
    COMMAND mcuprof-linker-script ${_ld_args}
    DEPENDS mcuprof-linker-script "${_profile}"
    COMMENT "Generating linker script for ${FW_NAME} (${FW_BOARD})"
    VERBATIM)

  set(_cflags ${_cpu} ${FW_OPT} -g -std=c11 -ffunction-sections -fdata-sections -fstack-usage -Wall -Wextra
    -I${MCUPROF_FIRMWARE_SRC_DIR}/include -I${MCUPROF_FIRMWARE_SRC_DIR}/semihost)
  foreach(_inc ${FW_INCLUDES})
    get_filename_component(_inc "${_inc}" ABSOLUTE BASE_DIR "${CMAKE_CURRENT_SOURCE_DIR}")
    list(APPEND _cflags -I${_inc})
  endforeach()
  foreach(_def ${FW_DEFINES})
    list(APPEND _cflags -D${_def})
  endforeach()
  if(FW_RDIMON)
    list(APPEND _cflags -DMCUPROF_RDIMON=1)
    set(_lflags --specs=nano.specs --specs=rdimon.specs)
  else()
    set(_lflags -nostartfiles --specs=nano.specs)
  endif()

  set(_board_clock_sources)
  if(FW_BOARD_CLOCK)
    _mcuprof_profile_string("${_profile}" controller _controller)
    if(NOT _controller MATCHES "^stm32(f4|f7|h7)$")
      message(FATAL_ERROR "mcuprof_add_firmware: BOARD_CLOCK needs an STM32 [clock] controller; ${_profile} has '${_controller}'")
    endif()
    list(APPEND _cflags -DMCUPROF_BOARD_CLOCK=1 -I${MCUPROF_FIRMWARE_SRC_DIR}/board)
    set(_board_clock_sources "${MCUPROF_FIRMWARE_SRC_DIR}/board/${_controller}_clock.c")
  endif()

  set(_sources ${FW_SOURCES} ${_board_clock_sources}
    "${MCUPROF_FIRMWARE_SRC_DIR}/startup/startup.c"
    "${MCUPROF_FIRMWARE_SRC_DIR}/semihost/semihost.c")
  set(_objects "")
  set(_index 0)
  foreach(_src ${_sources})
    get_filename_component(_src "${_src}" ABSOLUTE BASE_DIR "${CMAKE_CURRENT_SOURCE_DIR}")
    get_filename_component(_stem "${_src}" NAME_WE)
    # The index keeps objects apart when two sources share a file name.
    set(_obj "${_obj_dir}/${_index}-${_stem}.o")
    math(EXPR _index "${_index} + 1")
    add_custom_command(OUTPUT "${_obj}"
      COMMAND "${_gcc}" ${_cflags} -MMD -MF "${_obj}.d" -c "${_src}" -o "${_obj}"
      DEPENDS "${_src}"
      DEPFILE "${_obj}.d"
      COMMENT "Cross-compiling ${_stem} for ${FW_NAME}"
      VERBATIM)
    list(APPEND _objects "${_obj}")
  endforeach()

  add_custom_command(OUTPUT "${_elf}"
    # 1 KB pages: with ld's default 4 KB, a RAM section just past the null
    # guard (ITCM at 0x400) gets the ELF headers loaded below it, into the guard.
    COMMAND "${_gcc}" ${_cpu} ${_lflags} -T "${_ld}" -Wl,--gc-sections -Wl,-z,max-page-size=1024
            "-Wl,-Map=${_out_dir}/${FW_NAME}.map"
            ${_objects} -o "${_elf}"
    DEPENDS ${_objects} "${_ld}"
    COMMENT "Linking firmware ${FW_NAME}.elf (${FW_BOARD})"
    VERBATIM)
  add_custom_target(firmware-${FW_NAME} DEPENDS "${_elf}")
  _mcuprof_register_firmware(${FW_NAME} ${FW_BOARD} "${_elf}")
endfunction()

# Records the image on its target firmware-<name> and adds it to mcuprof_firmware_all.
function(_mcuprof_register_firmware name board elf)
  set_target_properties(firmware-${name} PROPERTIES MCUPROF_ELF "${elf}" MCUPROF_BOARD "${board}")
  if(NOT TARGET mcuprof_firmware_all)
    add_custom_target(mcuprof_firmware_all)
  endif()
  add_dependencies(mcuprof_firmware_all firmware-${name})
endfunction()
