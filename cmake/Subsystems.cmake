# The subsystems of mcuprof and their dependency order (docs/architecture.md).
#
#   mcuprof_subsystem(<name> [DEPENDS <subsystem>...] [LIBS <target>...]
#                     [FORBID <target>...])
#   mcuprof_program(<target> <subsystem folder name> DEPENDS <subsystem>...
#                   [LIBS <target>...])
#
# mcuprof_subsystem, called from a subsystem's folder, makes the library
# mcuprof_<name> of the folder's *.cpp (an INTERFACE library when it has only
# headers). It links the subsystems it DEPENDS on, which must have been added
# already: the order of add_subdirectory is the dependency order, so a cycle
# cannot be declared. FORBID names external libraries the subsystem must never
# reach, even through a dependency (the report writers and Unicorn).
# mcuprof_program does the same for a folder that builds an executable.
#
# Every subsystem folder may include headers of its own folder and of the
# subsystems below it (its dependencies, transitively), nothing else; Unicorn's
# and Capstone's headers only where the library is linked. The `layering`
# target, part of every build, checks each source file against this
# (cmake/CheckLayering.cmake) and fails the build on an upward include.
include_guard(GLOBAL)

set(MCUPROF_LAYERING_MANIFEST "${CMAKE_BINARY_DIR}/layering-manifest.txt")
# External libraries whose headers the layering check tracks, and the include
# prefix that marks the use of each.
set(MCUPROF_TRACKED_LIBS Unicorn::unicorn PkgConfig::CAPSTONE)
set(MCUPROF_TRACKED_PREFIXES unicorn/ capstone/)

# Records subsystem <name> of the calling folder; sets _mcuprof_folder and
# _mcuprof_dep_targets (the libraries to link) in the caller.
function(_mcuprof_register name depends libs)
  file(RELATIVE_PATH folder "${PROJECT_SOURCE_DIR}" "${CMAKE_CURRENT_SOURCE_DIR}")
  set(closure)
  set(external ${libs})
  foreach(dep ${depends})
    get_property(known GLOBAL PROPERTY MCUPROF_SUBSYSTEM_${dep}_FOLDER SET)
    if(NOT known)
      message(FATAL_ERROR "${folder}: depends on subsystem '${dep}', which is not declared before it "
                          "(add_subdirectory order is the dependency order; see cmake/Subsystems.cmake)")
    endif()
    get_property(dep_closure GLOBAL PROPERTY MCUPROF_SUBSYSTEM_${dep}_CLOSURE)
    get_property(dep_external GLOBAL PROPERTY MCUPROF_SUBSYSTEM_${dep}_EXTERNAL)
    list(APPEND closure ${dep} ${dep_closure})
    list(APPEND external ${dep_external})
  endforeach()
  list(REMOVE_DUPLICATES closure)
  list(REMOVE_DUPLICATES external)
  set_property(GLOBAL PROPERTY MCUPROF_SUBSYSTEM_${name}_FOLDER "${folder}")
  set_property(GLOBAL PROPERTY MCUPROF_SUBSYSTEM_${name}_CLOSURE "${closure}")
  set_property(GLOBAL PROPERTY MCUPROF_SUBSYSTEM_${name}_EXTERNAL "${external}")
  set_property(GLOBAL APPEND PROPERTY MCUPROF_SUBSYSTEMS ${name})
  list(TRANSFORM depends PREPEND mcuprof_ OUTPUT_VARIABLE targets)
  set(_mcuprof_dep_targets "${targets}" PARENT_SCOPE)
  set(_mcuprof_folder "${folder}" PARENT_SCOPE)
endfunction()

function(mcuprof_subsystem name)
  cmake_parse_arguments(SUB "" "" "DEPENDS;LIBS;FORBID" ${ARGN})
  _mcuprof_register(${name} "${SUB_DEPENDS}" "${SUB_LIBS}")
  get_property(external GLOBAL PROPERTY MCUPROF_SUBSYSTEM_${name}_EXTERNAL)
  foreach(forbidden ${SUB_FORBID})
    if(forbidden IN_LIST external)
      message(FATAL_ERROR "${_mcuprof_folder}: must not link ${forbidden}, but its dependencies bring it in")
    endif()
  endforeach()
  file(GLOB sources CONFIGURE_DEPENDS "${CMAKE_CURRENT_SOURCE_DIR}/*.cpp")
  if(sources)
    add_library(mcuprof_${name} STATIC ${sources})
    target_compile_options(mcuprof_${name} PRIVATE -Wall -Wextra)
    set(scope PUBLIC)
  else()
    add_library(mcuprof_${name} INTERFACE)
    set(scope INTERFACE)
  endif()
  target_include_directories(mcuprof_${name} ${scope}
    "${PROJECT_SOURCE_DIR}" "${PROJECT_SOURCE_DIR}/firmware/include")
  target_link_libraries(mcuprof_${name} ${scope} ${_mcuprof_dep_targets} ${SUB_LIBS})
endfunction()

function(mcuprof_program target name)
  cmake_parse_arguments(SUB "" "" "DEPENDS;LIBS" ${ARGN})
  _mcuprof_register(${name} "${SUB_DEPENDS}" "${SUB_LIBS}")
  file(GLOB sources CONFIGURE_DEPENDS "${CMAKE_CURRENT_SOURCE_DIR}/*.cpp")
  add_executable(${target} ${sources})
  target_compile_options(${target} PRIVATE -Wall -Wextra)
  target_link_libraries(${target} PRIVATE ${_mcuprof_dep_targets} ${SUB_LIBS})
  set_target_properties(${target} PROPERTIES RUNTIME_OUTPUT_DIRECTORY "${CMAKE_BINARY_DIR}")
endfunction()

# Writes the manifest (one line per subsystem: folder, the folders it may
# include, the tracked libraries it may use) and adds the `layering` target.
# Called once, after every subsystem is declared.
function(mcuprof_check_layering)
  get_property(names GLOBAL PROPERTY MCUPROF_SUBSYSTEMS)
  set(lines)
  foreach(name ${names})
    get_property(folder GLOBAL PROPERTY MCUPROF_SUBSYSTEM_${name}_FOLDER)
    get_property(closure GLOBAL PROPERTY MCUPROF_SUBSYSTEM_${name}_CLOSURE)
    get_property(external GLOBAL PROPERTY MCUPROF_SUBSYSTEM_${name}_EXTERNAL)
    set(allowed)
    foreach(dep ${closure})
      get_property(dep_folder GLOBAL PROPERTY MCUPROF_SUBSYSTEM_${dep}_FOLDER)
      list(APPEND allowed "${dep_folder}")
    endforeach()
    set(prefixes)
    foreach(lib prefix IN ZIP_LISTS MCUPROF_TRACKED_LIBS MCUPROF_TRACKED_PREFIXES)
      if(lib IN_LIST external)
        list(APPEND prefixes "${prefix}")
      endif()
    endforeach()
    string(REPLACE ";" "," allowed "${allowed}")
    string(REPLACE ";" "," prefixes "${prefixes}")
    list(APPEND lines "${folder}|${allowed}|${prefixes}")
  endforeach()
  string(REPLACE ";" "," tracked_prefixes "${MCUPROF_TRACKED_PREFIXES}")
  string(REPLACE ";" "\n" text "tracked|${tracked_prefixes}|;${lines}")
  file(WRITE "${MCUPROF_LAYERING_MANIFEST}.tmp" "${text}\n")
  file(COPY_FILE "${MCUPROF_LAYERING_MANIFEST}.tmp" "${MCUPROF_LAYERING_MANIFEST}" ONLY_IF_DIFFERENT)
  file(GLOB_RECURSE checked CONFIGURE_DEPENDS
    "${PROJECT_SOURCE_DIR}/emulator/*.cpp" "${PROJECT_SOURCE_DIR}/emulator/*.hpp"
    "${PROJECT_SOURCE_DIR}/tools/*.cpp" "${PROJECT_SOURCE_DIR}/tools/*.hpp")
  set(stamp "${CMAKE_BINARY_DIR}/layering.stamp")
  add_custom_command(OUTPUT "${stamp}"
    COMMAND "${CMAKE_COMMAND}" -DROOT=${PROJECT_SOURCE_DIR} -DMANIFEST=${MCUPROF_LAYERING_MANIFEST}
            -P "${PROJECT_SOURCE_DIR}/cmake/CheckLayering.cmake"
    COMMAND "${CMAKE_COMMAND}" -E touch "${stamp}"
    DEPENDS ${checked} "${MCUPROF_LAYERING_MANIFEST}" "${PROJECT_SOURCE_DIR}/cmake/CheckLayering.cmake"
    COMMENT "Checking that every subsystem includes only the subsystems below it"
    VERBATIM)
  add_custom_target(layering ALL DEPENDS "${stamp}")
endfunction()
