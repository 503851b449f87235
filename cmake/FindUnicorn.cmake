# Finds Unicorn >= 2.1, preferring the project-local prefix that
# tools/setup-deps.sh fills (.deps/unicorn), and refuses 2.0.x: Debian 12's
# 2.0.1 sends every guest store down a slow path (about 5x slower end to end).
set(_uc_prefix "${PROJECT_SOURCE_DIR}/.deps/unicorn/usr")
find_path(Unicorn_INCLUDE_DIR unicorn/unicorn.h
  HINTS "${_uc_prefix}/include" NO_DEFAULT_PATH)
find_path(Unicorn_INCLUDE_DIR unicorn/unicorn.h)
find_library(Unicorn_LIBRARY NAMES unicorn
  HINTS "${_uc_prefix}/lib/${CMAKE_LIBRARY_ARCHITECTURE}" "${_uc_prefix}/lib" NO_DEFAULT_PATH)
find_library(Unicorn_LIBRARY NAMES unicorn)

if(Unicorn_INCLUDE_DIR)
  # The API version macros live in unicorn.h (2.1 also ships them in a generated
  # header); fall back to the pkg-config file beside the library.
  file(STRINGS "${Unicorn_INCLUDE_DIR}/unicorn/unicorn.h" _uc_major REGEX "^#define UC_API_MAJOR +[0-9]+")
  file(STRINGS "${Unicorn_INCLUDE_DIR}/unicorn/unicorn.h" _uc_minor REGEX "^#define UC_API_MINOR +[0-9]+")
  file(STRINGS "${Unicorn_INCLUDE_DIR}/unicorn/unicorn.h" _uc_patch REGEX "^#define UC_API_PATCH +[0-9]+")
  string(REGEX REPLACE ".* ([0-9]+)$" "\\1" _uc_major "${_uc_major}")
  string(REGEX REPLACE ".* ([0-9]+)$" "\\1" _uc_minor "${_uc_minor}")
  string(REGEX REPLACE ".* ([0-9]+)$" "\\1" _uc_patch "${_uc_patch}")
  if(_uc_major AND NOT _uc_minor STREQUAL "")
    set(Unicorn_VERSION "${_uc_major}.${_uc_minor}.${_uc_patch}")
  endif()
endif()

include(FindPackageHandleStandardArgs)
find_package_handle_standard_args(Unicorn
  REQUIRED_VARS Unicorn_LIBRARY Unicorn_INCLUDE_DIR Unicorn_VERSION
  VERSION_VAR Unicorn_VERSION)

if(Unicorn_FOUND AND Unicorn_VERSION VERSION_LESS 2.1)
  message(FATAL_ERROR
    "mcuprof needs Unicorn 2.1 or newer, found ${Unicorn_VERSION} at ${Unicorn_LIBRARY}. "
    "Unicorn 2.0.x makes every guest store about 100 ns. Run tools/setup-deps.sh, "
    "which unpacks Debian 13's libunicorn 2.1 into .deps/unicorn.")
endif()

if(Unicorn_FOUND AND NOT TARGET Unicorn::unicorn)
  add_library(Unicorn::unicorn UNKNOWN IMPORTED)
  set_target_properties(Unicorn::unicorn PROPERTIES
    IMPORTED_LOCATION "${Unicorn_LIBRARY}"
    INTERFACE_INCLUDE_DIRECTORIES "${Unicorn_INCLUDE_DIR}")
endif()
