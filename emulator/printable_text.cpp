#include "emulator/printable_text.hpp"

#include "emulator/utf8_walk.hpp"

#include <fmt/format.h>

namespace mcuprof {

// Code points a terminal acts on or that reorder or split what follows.
bool is_control_code_point(char32_t cp) {
    return cp < 0x20 || (cp >= 0x7F && cp <= 0x9F) || cp == 0x200E || cp == 0x200F || cp == 0x2028 ||
           cp == 0x2029 || (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069);
}

std::string printable(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (size_t at = 0; at < text.size();) {
        const Utf8Step step = utf8_step(text, at);
        if (!step.code_point) {
            out += fmt::format("\\x{:02x}", static_cast<unsigned char>(text[at]));
        } else if (*step.code_point == '\n') {
            out += "\\n";
        } else if (*step.code_point == '\t') {
            out += "\\t";
        } else if (*step.code_point == '\r') {
            out += "\\r";
        } else if (*step.code_point < 0x80 && is_control_code_point(*step.code_point)) {
            out += fmt::format("\\x{:02x}", uint32_t(*step.code_point));
        } else if (is_control_code_point(*step.code_point)) {
            out += fmt::format("\\u{:04x}", uint32_t(*step.code_point));
        } else {
            out.append(text.substr(at, step.length));
        }
        at += step.length;
    }
    return out;
}

}  // namespace mcuprof
