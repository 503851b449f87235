// Text and attribute values for XML 1.0 documents (JUnit, SVG) and HTML:
// markup characters become entities, and what XML 1.0 cannot carry at all
// (C0 controls other than tab and line breaks, U+FFFE/U+FFFF, bytes that are
// not UTF-8) becomes a visible escape such as \x1b, so a hostile name still
// yields a well-formed document and says what it held; so do DEL, C1 controls
// and bidi overrides, which XML discourages and which would hide or reorder text.
#pragma once

#include <string>
#include <string_view>

namespace mcuprof {

std::string xml_escape(std::string_view text);

}  // namespace mcuprof
