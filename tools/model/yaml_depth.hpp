// A bound on how deeply a YAML text nests, checked before yaml-cpp parses it.
// yaml-cpp descends recursively into every nested collection; it gives up
// only at 2000 frames, with the message "bad file", and frames are several
// times larger under the sanitizers. No model config nests more than two levels.
#pragma once

#include <string>
#include <string_view>

namespace mcuprof::planner {

// Levels of nesting a YAML input may have: each flow collection ([ or {),
// each deeper block indentation and each compact "- " / "? " on a line
// counts one.
inline constexpr int kMaxYamlDepth = 64;

// Throws mcuprof::Error "<source>:<line>: ..." at the first line that nests
// deeper than kMaxYamlDepth. Quoted scalars, block scalars and comments do not
// count. It may over-count odd plain scalars (a '[' inside one), never under-
// count a real collection.
void check_yaml_depth(std::string_view text, const std::string& source);

}  // namespace mcuprof::planner
