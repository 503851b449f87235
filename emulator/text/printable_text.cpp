#include "emulator/text/printable_text.hpp"

#include "emulator/text/utf8_walk.hpp"

#include <fmt/format.h>

namespace mcuprof {

// Code points a terminal acts on or that reorder or split what follows.
bool is_control_code_point(char32_t cp) {
    return cp < 0x20 || (cp >= 0x7F && cp <= 0x9F) || cp == 0x200E || cp == 0x200F || cp == 0x2028 ||
           cp == 0x2029 || (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069);
}

std::string printable(std::string_view text) {
    return escape_code_points(text, [](char32_t cp, std::string_view bytes, std::string& out) {
        if (cp == '\n') {
            out += "\\n";
        } else if (cp == '\t') {
            out += "\\t";
        } else if (cp == '\r') {
            out += "\\r";
        } else if (is_control_code_point(cp)) {
            out += visible_escape(cp);
        } else {
            out.append(bytes);
        }
    });
}

}  // namespace mcuprof
