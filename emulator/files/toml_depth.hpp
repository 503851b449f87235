// A bound on how deeply a TOML text nests, checked before toml++ parses it.
// toml++ builds (and later destroys) one table per level of a dotted key or a
// table header recursively, so `a.a.a...= 1` or `[a.a.a...]` with tens of
// thousands of segments overflows the stack; its own limit covers only arrays
// and inline tables. No profile or budgets file nests more than a few levels.
#pragma once

#include <string>
#include <string_view>

namespace mcuprof {

// Levels of nesting a TOML input may have: each segment of a table header or
// dotted key, each array and each inline table counts one.
inline constexpr int kMaxTomlDepth = 64;

// Throws mcuprof::Error "<path>:<line>: ..." at the first point where text
// nests deeper than kMaxTomlDepth. Strings and comments do not count.
void check_toml_depth(std::string_view text, const std::string& path);

}  // namespace mcuprof
