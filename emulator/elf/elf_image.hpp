// A linked 32-bit little-endian ARM ELF executable (the firmware), read once with
// libelf and held as plain copies: loadable segments with their bytes, section
// headers, symbols and a function table for fast address -> function lookup.
// Nothing of libelf stays open after load(), so the image is cheap to move and
// to query from any thread.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace mcuprof {

// One PT_LOAD program header and the file bytes it covers.
struct ElfSegment {
    unsigned index = 0;         // program header index (as readelf -l numbers it)
    uint32_t vaddr = 0;         // p_vaddr: where the segment runs (VMA)
    uint32_t paddr = 0;         // p_paddr: where it is loaded (LMA), e.g. .data's copy in flash
    uint32_t file_size = 0;     // p_filesz: bytes taken from the file
    uint32_t mem_size = 0;      // p_memsz >= p_filesz; the rest is zero fill (.bss)
    uint32_t file_offset = 0;   // p_offset
    bool readable = false;
    bool writable = false;
    bool executable = false;
    std::vector<uint8_t> bytes; // exactly file_size bytes
};

// One section header (index 0, SHT_NULL, is left out).
struct ElfSection {
    unsigned index = 0;         // section header index
    std::string name;
    uint32_t address = 0;       // sh_addr (VMA)
    uint32_t size = 0;          // sh_size
    bool nobits = false;        // SHT_NOBITS (.bss and similar): occupies no file bytes
    bool alloc = false;         // SHF_ALLOC: part of the running image
    bool write = false;         // SHF_WRITE
    bool exec = false;          // SHF_EXECINSTR

    uint64_t end() const { return uint64_t(address) + size; }
};

// A function from the symbol table (STT_FUNC), Thumb bit cleared.
struct ElfFunction {
    std::string name;           // preferred name: global over weak over local, then alphabetical
    std::vector<std::string> aliases;  // other function symbols at the same address
    uint32_t address = 0;       // first instruction (st_value & ~1)
    uint32_t size = 0;          // bytes; see size_inferred
    bool size_inferred = false; // symbol had size 0: extended to the next symbol or section end

    uint64_t end() const { return uint64_t(address) + size; }
    bool contains(uint32_t pc) const { return pc >= address && pc - address < size; }
};

class ElfImage {
public:
    // Reads and validates path. Throws mcuprof::Error (one line: what, where,
    // what to do) for a missing or unreadable file, a file that is not ELF, an
    // ELF that is not a 32-bit little-endian ARM executable (ET_EXEC), one
    // without PT_LOAD segments, and truncated or malformed contents (segments
    // or sections beyond the end of the file, address ranges past 4 GiB,
    // unreadable symbol tables).
    static ElfImage load(const std::string& path);
    // The same from the bytes of an ELF file in memory; name stands for the
    // path in messages and in path().
    static ElfImage from_memory(std::string name, std::vector<char> bytes);

    const std::string& path() const { return path_; }
    uint32_t entry() const { return entry_; }  // e_entry as stored (Thumb bit set for Thumb code)

    // PT_LOAD segments in program header order.
    const std::vector<ElfSegment>& segments() const { return segments_; }
    // Section headers in file order, without the null section.
    const std::vector<ElfSection>& sections() const { return sections_; }
    const ElfSection* section(std::string_view name) const;

    // Value of a defined symbol (st_value as stored, so a Thumb function keeps
    // bit 0 set; use function_named() for code addresses). Mapping symbols
    // ($t, $d, ...), file and section symbols are not looked up. When a name
    // is defined more than once (local statics), the global one wins.
    std::optional<uint32_t> symbol(std::string_view name) const;

    // Functions sorted by address, with disjoint ranges.
    const std::vector<ElfFunction>& functions() const { return functions_; }
    // The function whose range holds address, or nullptr. O(log n).
    const ElfFunction* function_at(uint32_t address) const;
    // The function with this name or alias, or nullptr.
    const ElfFunction* function_named(std::string_view name) const;

    // Bytes of allocated writable sections (.data, .bss, reserved stack/heap
    // sections and the like), wherever they are placed.
    uint64_t static_bytes() const;
    // The part of static_bytes() placed (by VMA) in [base, base + size), e.g. one
    // RAM region of a board. Sections straddling the range count their overlap.
    uint64_t static_bytes_within(uint32_t base, uint64_t size) const;
    // static_bytes() without heap/stack reservation sections (by name) and
    // without the bytes that lie in `reserved` ranges ([begin, end) pairs,
    // e.g. the stack and heap from linker symbols): .data, .bss and other
    // writable data the program itself declares.
    uint64_t static_bytes_outside(const std::vector<std::pair<uint32_t, uint32_t>>& reserved) const;
    // The end of the highest static data section (.data, .bss and other
    // allocated writable sections, without heap/stack reservations) that
    // starts in [base, below); base when there is none.
    uint32_t static_data_end(uint32_t base, uint32_t below) const;
    // Bytes the image loads from the file: the sum of PT_LOAD file sizes. For a
    // firmware, what must be programmed into flash (code, constants, .data init).
    uint64_t flash_bytes() const;
    // The part of flash_bytes() whose load addresses (LMA) fall in [base, base + size).
    uint64_t load_bytes_within(uint32_t base, uint64_t size) const;

private:
    struct Symbol {
        std::string name;
        uint32_t value = 0;
        int rank = 0;  // lower is preferred when a name repeats
    };

    std::string path_;
    uint32_t entry_ = 0;
    std::vector<ElfSegment> segments_;
    std::vector<ElfSection> sections_;
    std::vector<Symbol> symbols_;          // sorted by name, then rank
    std::vector<ElfFunction> functions_;   // sorted by address

    friend class ElfReader;
};

}  // namespace mcuprof
