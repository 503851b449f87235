// The runaway guard's instruction limit as a user gives it (--max-instructions):
// a positive count or "unlimited". 0 and negative values are refused rather than
// read as "no limit", which used to make a hung firmware run forever unasked.
#pragma once

#include <cstdint>
#include <string>

namespace mcuprof {

// RunOptions::instruction_limit when the run has no limit.
inline constexpr uint64_t kNoInstructionLimit = UINT64_MAX;
// The default: about a minute of emulation.
inline constexpr uint64_t kDefaultInstructionLimit = 20'000'000'000ull;

// Parses a positive decimal count or "unlimited" (kNoInstructionLimit). Throws
// Error naming `flag` for anything else (0, negative, not a number, > 2^64-2).
uint64_t parse_instruction_limit(const std::string& text, const std::string& flag);

}  // namespace mcuprof
