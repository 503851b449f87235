// Builds ElfImage's function table from raw symbol-table entries: groups
// aliases, clears the Thumb bit, sizes functions whose symbol has size 0 and
// makes the ranges disjoint so that address lookup is one binary search.
// Separate from the libelf reader so the rules can be read (and tested) alone.
#pragma once

#include "emulator/elf/elf_image.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace mcuprof {

// One defined, named symbol as read from .symtab (mapping, file and section
// symbols already dropped).
struct ElfRawSymbol {
    std::string name;
    uint32_t value = 0;     // st_value as stored
    uint32_t size = 0;      // st_size
    unsigned section = 0;   // st_shndx (SHN_ABS and other reserved indices included)
    bool function = false;  // STT_FUNC
    int rank = 0;           // 0 global, 1 weak, 2 local: lower names a function first
};

// Functions sorted by address with disjoint ranges:
// - symbols at one address become one function; the best-ranked name (then
//   alphabetical) is the name, the others are aliases;
// - a function whose symbol has size 0 extends to the next symbol of its
//   section, or else to the end of its section (size_inferred = true);
// - a range running into the next function is cut at that function's start.
std::vector<ElfFunction> build_function_table(const std::vector<ElfRawSymbol>& symbols,
                                              const std::vector<ElfSection>& sections);

}  // namespace mcuprof
