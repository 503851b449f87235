# Thumb-2 test fixtures. Every tests/fixtures/asm/*.s is assembled with
# arm-none-eabi-as, linked at address 0 and turned into
#   <build>/tests/fixtures/asm/<name>.bin  raw code bytes (objcopy -O binary)
#   <build>/tests/fixtures/asm/<name>.sym  `nm -S` listing: offset, size, name
# The fixture directory reaches the tests as MCUPROF_ASM_FIXTURE_DIR
# (tests/CMakeLists.txt).
#
# Script mode (cmake -P this file): writes the nm listing, since a custom
# command cannot redirect a program's output portably.
if(CMAKE_SCRIPT_MODE_FILE)
  execute_process(COMMAND "${NM}" -S --defined-only "${ELF}"
    OUTPUT_FILE "${SYM}" RESULT_VARIABLE nm_result)
  if(NOT nm_result EQUAL 0)
    message(FATAL_ERROR "${NM} failed on ${ELF}: ${nm_result}")
  endif()
  return()
endif()

find_program(MCUPROF_FIXTURE_AS arm-none-eabi-as REQUIRED)
find_program(MCUPROF_FIXTURE_LD arm-none-eabi-ld REQUIRED)
find_program(MCUPROF_FIXTURE_OBJCOPY arm-none-eabi-objcopy REQUIRED)
find_program(MCUPROF_FIXTURE_NM arm-none-eabi-nm REQUIRED)

set(MCUPROF_ASM_FIXTURE_SOURCE_DIR "${CMAKE_CURRENT_LIST_DIR}/fixtures/asm")
set(MCUPROF_ASM_FIXTURE_DIR "${CMAKE_BINARY_DIR}/tests/fixtures/asm")
file(MAKE_DIRECTORY "${MCUPROF_ASM_FIXTURE_DIR}")
file(GLOB MCUPROF_ASM_FIXTURE_SOURCES CONFIGURE_DEPENDS "${MCUPROF_ASM_FIXTURE_SOURCE_DIR}/*.s")
file(GLOB MCUPROF_ASM_FIXTURE_INCLUDES CONFIGURE_DEPENDS "${MCUPROF_ASM_FIXTURE_SOURCE_DIR}/*.inc")

set(mcuprof_asm_fixture_outputs)
foreach(source ${MCUPROF_ASM_FIXTURE_SOURCES})
  get_filename_component(name "${source}" NAME_WE)
  set(out "${MCUPROF_ASM_FIXTURE_DIR}/${name}")
  add_custom_command(
    OUTPUT "${out}.bin" "${out}.sym"
    COMMAND "${MCUPROF_FIXTURE_AS}" -mthumb -I "${MCUPROF_ASM_FIXTURE_SOURCE_DIR}" -o "${out}.o" "${source}"
    COMMAND "${MCUPROF_FIXTURE_LD}" -Ttext=0 -e 0 -o "${out}.elf" "${out}.o"
    COMMAND "${MCUPROF_FIXTURE_OBJCOPY}" -O binary -j .text "${out}.elf" "${out}.bin"
    COMMAND "${CMAKE_COMMAND}" -DNM=${MCUPROF_FIXTURE_NM} -DELF=${out}.elf -DSYM=${out}.sym
            -P "${CMAKE_CURRENT_LIST_FILE}"
    DEPENDS "${source}" ${MCUPROF_ASM_FIXTURE_INCLUDES} "${CMAKE_CURRENT_LIST_FILE}"
    COMMENT "Assembling test fixture ${name}.s"
    VERBATIM)
  list(APPEND mcuprof_asm_fixture_outputs "${out}.bin" "${out}.sym")
endforeach()
add_custom_target(mcuprof_asm_fixtures DEPENDS ${mcuprof_asm_fixture_outputs})

