#include "emulator/text/xml_text.hpp"

#include "emulator/text/printable_text.hpp"
#include "emulator/text/utf8_walk.hpp"

#include <fmt/format.h>

namespace mcuprof {
namespace {

// XML 1.0's Char production, less what it discourages or a reader would not
// see (DEL, C1 controls, bidi overrides): tab and line breaks stay.
bool shown_as_is(char32_t cp) {
    if (cp == 0x9 || cp == 0xA || cp == 0xD) return true;
    if (is_control_code_point(cp)) return false;
    return (cp >= 0x20 && cp <= 0xD7FF) || (cp >= 0xE000 && cp <= 0xFFFD) || (cp >= 0x10000 && cp <= 0x10FFFF);
}

}  // namespace

std::string xml_escape(std::string_view text) {
    return escape_code_points(text, [](char32_t cp, std::string_view bytes, std::string& out) {
        if (!shown_as_is(cp)) {
            out += visible_escape(cp);
            return;
        }
        switch (cp) {
            case '&': out += "&amp;"; break;
            case '<': out += "&lt;"; break;
            case '>': out += "&gt;"; break;
            case '"': out += "&quot;"; break;
            case '\'': out += "&#39;"; break;
            default: out.append(bytes);
        }
    });
}

}  // namespace mcuprof
