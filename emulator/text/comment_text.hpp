// Untrusted text (a board profile's description, a model file's path) as it
// can stand inside a /* */ comment of a generated file: a linker script or C
// source. A "*/" in it would end the comment and let the rest run as linker
// commands or compile as code in every build that uses it, and a control
// character (a newline) could break the comment's layout.
#pragma once

#include <string>
#include <string_view>

namespace mcuprof {

inline std::string comment_text(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (const char c : text) {
        const auto u = static_cast<unsigned char>(c);
        if (u < 0x20 || u == 0x7f) {
            out += ' ';
        } else if (c == '/' && !out.empty() && out.back() == '*') {
            out += " /";
        } else {
            out += c;
        }
    }
    return out;
}

}  // namespace mcuprof
