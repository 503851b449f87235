#include "emulator/xml_text.hpp"

#include "emulator/printable_text.hpp"
#include "emulator/utf8_walk.hpp"

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
    std::string out;
    out.reserve(text.size());
    for (size_t at = 0; at < text.size();) {
        const Utf8Step step = utf8_step(text, at);
        if (!step.code_point) {
            out += fmt::format("\\x{:02x}", static_cast<unsigned char>(text[at]));
        } else if (!shown_as_is(*step.code_point)) {
            out += *step.code_point < 0x80 ? fmt::format("\\x{:02x}", uint32_t(*step.code_point))
                                           : fmt::format("\\u{:04x}", uint32_t(*step.code_point));
        } else {
            switch (*step.code_point) {
                case '&': out += "&amp;"; break;
                case '<': out += "&lt;"; break;
                case '>': out += "&gt;"; break;
                case '"': out += "&quot;"; break;
                case '\'': out += "&#39;"; break;
                default: out.append(text.substr(at, step.length));
            }
        }
        at += step.length;
    }
    return out;
}

}  // namespace mcuprof
