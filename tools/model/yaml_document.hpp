// Loading a YAML config strictly. yaml-cpp on its own keeps the first of two
// equal keys and ignores every document after the first, so a typo'd or
// pasted config would run with values the user never meant; and it parses any
// nesting recursively. Here the nesting is bounded first (yaml_depth.hpp), the
// text is walked once as events to refuse a second document and duplicate
// keys, and only then built into nodes.
#pragma once

#include <yaml-cpp/yaml.h>

#include <string>

namespace mcuprof::planner {

// The text's single document. Throws mcuprof::Error "<source>:<line>: ..."
// for nesting deeper than kMaxYamlDepth, invalid YAML, a second document
// ("---") and a key given twice in one mapping.
YAML::Node load_yaml_document(const std::string& text, const std::string& source);

}  // namespace mcuprof::planner
