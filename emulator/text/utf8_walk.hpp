// Walks a byte string as UTF-8, one code point or one undecodable byte at a
// time, for the writers that must not pass untrusted bytes through verbatim
// (terminal text, XML). Overlong forms, surrogates and values past U+10FFFF
// count as undecodable bytes, as a strict decoder would treat them.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <fmt/format.h>

namespace mcuprof {

struct Utf8Step {
    std::optional<char32_t> code_point;  // unset: text[at] is not valid UTF-8
    size_t length = 1;                   // bytes consumed (1 when invalid)
};

Utf8Step utf8_step(std::string_view text, size_t at);

// Rewrites text one code point at a time: an undecodable byte becomes a
// visible "\xNN"; each code point goes to escape(cp, bytes, out), which
// appends what should stand for it (bytes: its UTF-8 encoding in text).
template <typename Escape>
std::string escape_code_points(std::string_view text, Escape escape) {
    std::string out;
    out.reserve(text.size());
    for (size_t at = 0; at < text.size();) {
        const Utf8Step step = utf8_step(text, at);
        if (!step.code_point) {
            out += fmt::format("\\x{:02x}", static_cast<unsigned char>(text[at]));
        } else {
            escape(*step.code_point, text.substr(at, step.length), out);
        }
        at += step.length;
    }
    return out;
}

// A control code point as a visible escape: "\xNN" below 0x80, else "\uNNNN".
inline std::string visible_escape(char32_t cp) {
    return cp < 0x80 ? fmt::format("\\x{:02x}", uint32_t(cp)) : fmt::format("\\u{:04x}", uint32_t(cp));
}

}  // namespace mcuprof
