// Walks a byte string as UTF-8, one code point or one undecodable byte at a
// time, for the writers that must not pass untrusted bytes through verbatim
// (terminal text, XML). Overlong forms, surrogates and values past U+10FFFF
// count as undecodable bytes, as a strict decoder would treat them.
#pragma once

#include <cstddef>
#include <optional>
#include <string_view>

namespace mcuprof {

struct Utf8Step {
    std::optional<char32_t> code_point;  // unset: text[at] is not valid UTF-8
    size_t length = 1;                   // bytes consumed (1 when invalid)
};

Utf8Step utf8_step(std::string_view text, size_t at);

}  // namespace mcuprof
