#include "emulator/elf/elf_function_table.hpp"

#include <elf.h>

#include <algorithm>
#include <tuple>

namespace mcuprof {
namespace {

uint32_t code_address(const ElfRawSymbol& symbol) {
    return symbol.function ? symbol.value & ~uint32_t(1) : symbol.value;
}

// The allocated section a function lives in: its st_shndx when that is a
// real section holding the address, else any allocated section holding it.
const ElfSection* home_section(const ElfRawSymbol& symbol, uint32_t address,
                               const std::vector<ElfSection>& sections) {
    if (symbol.section != SHN_UNDEF && symbol.section < SHN_LORESERVE) {
        for (const ElfSection& section : sections) {
            if (section.index == symbol.section) {
                bool holds = address >= section.address && address < section.end();
                return holds ? &section : nullptr;
            }
        }
        return nullptr;
    }
    for (const ElfSection& section : sections) {
        if (section.alloc && section.size > 0 && address >= section.address &&
            address < section.end()) {
            return &section;
        }
    }
    return nullptr;
}

// Size of a function whose symbol says 0: up to the next symbol above it, but
// not past the end of its section.
uint32_t inferred_size(uint32_t address, const ElfSection* home,
                       const std::vector<uint32_t>& symbol_addresses) {
    uint64_t limit = home ? home->end() : uint64_t(1) << 32;
    auto next = std::upper_bound(symbol_addresses.begin(), symbol_addresses.end(), address);
    uint64_t end = next != symbol_addresses.end() ? std::min<uint64_t>(*next, limit) : limit;
    if (!home && next == symbol_addresses.end()) return 0;  // nothing bounds it
    return uint32_t(end - address);
}

}  // namespace

std::vector<ElfFunction> build_function_table(const std::vector<ElfRawSymbol>& symbols,
                                              const std::vector<ElfSection>& sections) {
    std::vector<const ElfRawSymbol*> entries;
    std::vector<uint32_t> symbol_addresses;
    symbol_addresses.reserve(symbols.size());
    for (const ElfRawSymbol& symbol : symbols) {
        symbol_addresses.push_back(code_address(symbol));
        if (symbol.function) entries.push_back(&symbol);
    }
    std::sort(symbol_addresses.begin(), symbol_addresses.end());
    std::sort(entries.begin(), entries.end(), [](const ElfRawSymbol* a, const ElfRawSymbol* b) {
        return std::tuple(code_address(*a), a->rank, a->name) <
               std::tuple(code_address(*b), b->rank, b->name);
    });

    std::vector<ElfFunction> functions;
    for (size_t first = 0; first < entries.size();) {
        const ElfRawSymbol& lead = *entries[first];
        ElfFunction function;
        function.name = lead.name;
        function.address = code_address(lead);
        size_t last = first;
        uint32_t size = 0;
        for (; last < entries.size() && code_address(*entries[last]) == function.address; ++last) {
            const ElfRawSymbol& alias = *entries[last];
            size = std::max(size, alias.size);
            bool known = alias.name == function.name ||
                         std::find(function.aliases.begin(), function.aliases.end(),
                                   alias.name) != function.aliases.end();
            if (!known) function.aliases.push_back(alias.name);
        }
        if (size > 0) {
            function.size = size;
        } else {
            const ElfSection* home = home_section(lead, function.address, sections);
            function.size = inferred_size(function.address, home, symbol_addresses);
            function.size_inferred = true;
        }
        functions.push_back(std::move(function));
        first = last;
    }

    // Disjoint ranges: a function never runs into the next one.
    for (size_t i = 0; i + 1 < functions.size(); ++i) {
        if (functions[i].end() > functions[i + 1].address) {
            functions[i].size = functions[i + 1].address - functions[i].address;
        }
    }
    return functions;
}

}  // namespace mcuprof
