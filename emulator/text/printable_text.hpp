// Text that firmware or its ELF controls (layer names, function and file
// names, violation details, console excerpts) made safe for a terminal or a
// plain-text report: control characters (C0, DEL, C1), bidirectional
// overrides, line separators and undecodable bytes become visible escapes
// (\n, \x1b, \u202e), so nothing printed can move the cursor, recolour the
// terminal or break a table row. Ordinary text, UTF-8 included, is unchanged.
#pragma once

#include <string>
#include <string_view>

namespace mcuprof {

std::string printable(std::string_view text);

// Code points printable() escapes: C0, DEL, C1, bidi controls, U+2028/9.
bool is_control_code_point(char32_t cp);

}  // namespace mcuprof
