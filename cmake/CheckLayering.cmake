# The layering check (cmake -DROOT=<source tree> -DMANIFEST=<file> -P this):
# every .cpp/.hpp under ROOT/emulator and ROOT/tools belongs to a declared
# subsystem folder, and includes project headers only from its own folder and
# the folders its subsystem depends on, and Unicorn's or Capstone's headers
# only where it links them. The manifest is written by mcuprof_check_layering()
# (cmake/Subsystems.cmake); its first line lists the tracked include prefixes,
# then one line per subsystem: folder|allowed folders|allowed prefixes.
# Prints one line per offending include and fails if there is any.
cmake_minimum_required(VERSION 3.25)
if(NOT ROOT OR NOT MANIFEST)
  message(FATAL_ERROR "usage: cmake -DROOT=<source tree> -DMANIFEST=<manifest> -P CheckLayering.cmake")
endif()

file(STRINGS "${MANIFEST}" entries)
list(POP_FRONT entries tracked_line)
string(REPLACE "|" ";" tracked_fields "${tracked_line}")
list(GET tracked_fields 1 tracked)
string(REPLACE "," ";" tracked "${tracked}")

set(folders)
foreach(entry ${entries})
  string(REPLACE "|" ";" fields "${entry}")
  list(APPEND fields "" "")   # trailing empty fields
  list(GET fields 0 folder)
  list(GET fields 1 allowed)
  list(GET fields 2 prefixes)
  string(REPLACE "," ";" allowed "${allowed}")
  string(REPLACE "," ";" prefixes "${prefixes}")
  set(allowed_${folder} "${folder};${allowed}")
  set(prefixes_${folder} "${prefixes}")
  list(APPEND folders "${folder}")
endforeach()

set(failures 0)
file(GLOB_RECURSE sources RELATIVE "${ROOT}"
  "${ROOT}/emulator/*.cpp" "${ROOT}/emulator/*.hpp" "${ROOT}/tools/*.cpp" "${ROOT}/tools/*.hpp")
list(SORT sources)
foreach(source ${sources})
  get_filename_component(folder "${source}" DIRECTORY)
  if(NOT folder IN_LIST folders)
    message("layering: ${source} is in ${folder}/, which declares no subsystem; "
            "give the folder a CMakeLists.txt that calls mcuprof_subsystem() or move the file")
    math(EXPR failures "${failures} + 1")
    continue()
  endif()
  file(STRINGS "${ROOT}/${source}" includes REGEX "^[ \t]*#[ \t]*include[ \t]*[\"<]")
  foreach(line ${includes})
    if(line MATCHES "#[ \t]*include[ \t]*\"((emulator|tools)/.*)/[^/\"]+\"")
      set(target_folder "${CMAKE_MATCH_1}")
      if(NOT target_folder IN_LIST allowed_${folder})
        string(REPLACE ";" ", " may "${allowed_${folder}}")
        message("layering: ${source} includes a header of ${target_folder}/, which is not below it "
                "(${folder}/ may include ${may}); move the code down or declare the dependency in "
                "${folder}/CMakeLists.txt")
        math(EXPR failures "${failures} + 1")
      endif()
    elseif(line MATCHES "#[ \t]*include[ \t]*<([^>]*)>")
      set(header "${CMAKE_MATCH_1}")
      foreach(prefix ${tracked})
        string(FIND "${header}" "${prefix}" at)
        if(at EQUAL 0 AND NOT prefix IN_LIST prefixes_${folder})
          message("layering: ${source} includes <${header}>, but ${folder}/ does not link that "
                  "library; keep it out of this layer or declare the library in ${folder}/CMakeLists.txt")
          math(EXPR failures "${failures} + 1")
        endif()
      endforeach()
    endif()
  endforeach()
endforeach()
if(failures GREATER 0)
  message(FATAL_ERROR "layering: ${failures} include(s) break the dependency order of docs/architecture.md")
endif()
