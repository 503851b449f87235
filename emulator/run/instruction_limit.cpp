#include "emulator/run/instruction_limit.hpp"

#include "emulator/text/error.hpp"

#include <charconv>

namespace mcuprof {

uint64_t parse_instruction_limit(const std::string& text, const std::string& flag) {
    if (text == "unlimited") return kNoInstructionLimit;
    uint64_t value = 0;
    const char* end = text.data() + text.size();
    const auto [next, ec] = std::from_chars(text.data(), end, value);
    const bool number = !text.empty() && text[0] != '-' && text[0] != '+' && ec == std::errc() && next == end;
    if (!number || value == 0 || value == kNoInstructionLimit) {
        fail("{} '{}' is not a positive instruction count: give a count from 1 to {} (default {}), or "
             "'unlimited' to run without the runaway guard",
             flag, text, kNoInstructionLimit - 1, kDefaultInstructionLimit);
    }
    return value;
}

}  // namespace mcuprof
