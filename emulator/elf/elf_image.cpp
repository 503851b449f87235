// ElfImage::load opens the file as an ElfFile (whole file in memory, libelf over
// it), checks it is a 32-bit little-endian ARM executable and copies out what
// the emulator needs; every size and offset read from the file is checked
// before it is used.
#include "emulator/elf/elf_image.hpp"

#include "emulator/elf/elf_file.hpp"
#include "emulator/elf/elf_function_table.hpp"
#include "emulator/text/error.hpp"

#include <gelf.h>
#include <libelf.h>

#include <algorithm>
#include <cctype>
#include <cstring>
#include <tuple>

namespace mcuprof {
namespace {

constexpr uint64_t kAddressSpace = uint64_t(1) << 32;

const char* type_name(unsigned type) {
    switch (type) {
        case ET_NONE: return "of no type (ET_NONE)";
        case ET_REL: return "a relocatable object file (ET_REL)";
        case ET_DYN: return "a shared object or position-independent executable (ET_DYN)";
        case ET_CORE: return "a core dump (ET_CORE)";
        default: return "of an unknown type";
    }
}

// ARM mapping symbols ($a, $t, $d, optionally followed by ".suffix") mark code
// and data runs; they are not names anyone looks up.
bool is_mapping_symbol(std::string_view name) {
    return name.size() >= 2 && name[0] == '$' && (name[1] == 'a' || name[1] == 't' || name[1] == 'd') &&
           (name.size() == 2 || name[2] == '.');
}

// End of [base, base + size), clipped to the 32-bit address space.
uint64_t clipped_end(uint32_t base, uint64_t size) {
    return size >= kAddressSpace ? kAddressSpace : std::min(uint64_t(base) + size, kAddressSpace);
}

}  // namespace

// Copies what the emulator needs out of one opened ElfFile into an ElfImage.
class ElfReader {
public:
    explicit ElfReader(ElfFile file) : file_(std::move(file)) {}

    ElfImage read() {
        check_header();
        read_segments();
        read_sections();
        read_symbols();
        image_.path_ = file_.path();
        return std::move(image_);
    }

private:
    Elf* elf() const { return file_.elf(); }
    const std::string& path() const { return file_.path(); }
    [[noreturn]] void malformed(const std::string& what) const { file_.malformed(what); }

    void check_header() {
        const GElf_Ehdr& header = file_.header();
        int elf_class = gelf_getclass(elf());
        unsigned bits = elf_class == ELFCLASS64 ? 64 : 32;
        if (header.e_machine != EM_ARM || elf_class != ELFCLASS32) {
            const char* name = elf_machine_name(header.e_machine);
            std::string machine = name ? name : fmt::format("machine number {}", header.e_machine);
            fail("'{}' is a {}-bit ELF for {}, not 32-bit ARM; pass the Cortex-M firmware built "
                 "with arm-none-eabi-gcc", path(), bits, machine);
        }
        if (header.e_ident[EI_DATA] != ELFDATA2LSB) {
            fail("'{}' is a big-endian ARM ELF; Cortex-M firmware must be built little-endian "
                 "(drop -mbig-endian)", path());
        }
        if (header.e_type != ET_EXEC) {
            fail("'{}' is {}, not a linked executable (ET_EXEC); pass the linked firmware .elf",
                 path(), type_name(header.e_type));
        }
        image_.entry_ = uint32_t(header.e_entry);
    }

    static bool in_address_space(uint64_t address, uint64_t size) {
        uint64_t end = 0;
        return !__builtin_add_overflow(address, size, &end) && end <= kAddressSpace;
    }

    void read_segments() {
        size_t count = 0;
        if (elf_getphdrnum(elf(), &count) != 0) {
            malformed(fmt::format("unreadable program header count ({})", libelf_error()));
        }
        for (size_t i = 0; i < count; ++i) {
            GElf_Phdr header;
            if (!gelf_getphdr(elf(), int(i), &header)) {
                malformed(fmt::format("program header {} is unreadable ({})", i, libelf_error()));
            }
            if (header.p_type != PT_LOAD) continue;
            if (header.p_filesz > header.p_memsz) {
                malformed(fmt::format("segment {} holds more file bytes ({}) than memory bytes ({})",
                                      i, header.p_filesz, header.p_memsz));
            }
            if (!file_.in_file(header.p_offset, header.p_filesz)) {
                malformed(fmt::format("segment {} needs file bytes {:#x}..{:#x}, the file has {:#x}",
                                      i, header.p_offset, header.p_offset + header.p_filesz,
                                      file_.bytes().size()));
            }
            if (!in_address_space(header.p_vaddr, header.p_memsz) ||
                !in_address_space(header.p_paddr, header.p_memsz)) {
                malformed(fmt::format("segment {} ({} bytes at VMA {:#x}, LMA {:#x}) runs past the "
                                      "4 GiB address space", i, header.p_memsz, header.p_vaddr,
                                      header.p_paddr));
            }
            ElfSegment segment;
            segment.index = unsigned(i);
            segment.vaddr = uint32_t(header.p_vaddr);
            segment.paddr = uint32_t(header.p_paddr);
            segment.file_size = uint32_t(header.p_filesz);
            segment.mem_size = uint32_t(header.p_memsz);
            segment.file_offset = uint32_t(header.p_offset);
            segment.readable = header.p_flags & PF_R;
            segment.writable = header.p_flags & PF_W;
            segment.executable = header.p_flags & PF_X;
            const auto* first = reinterpret_cast<const uint8_t*>(file_.bytes().data()) + header.p_offset;
            segment.bytes.assign(first, first + header.p_filesz);
            image_.segments_.push_back(std::move(segment));
        }
        if (image_.segments_.empty()) {
            fail("'{}' has no loadable (PT_LOAD) segments, so there is nothing to run; link it "
                 "with a linker script that places code in flash", path());
        }
        check_overlaps();
    }

    // The loader writes each segment's file bytes at its load address (LMA)
    // and the program runs it at its VMA: two segments sharing either range
    // would silently overwrite each other (the later one wins).
    void check_overlaps() const {
        const auto& all = image_.segments_;
        for (size_t a = 0; a < all.size(); ++a) {
            for (size_t b = a + 1; b < all.size(); ++b) {
                overlap(all[a], all[b], "load addresses (LMA, file bytes)", all[a].paddr, all[a].file_size,
                        all[b].paddr, all[b].file_size);
                overlap(all[a], all[b], "run addresses (VMA)", all[a].vaddr, all[a].mem_size, all[b].vaddr,
                        all[b].mem_size);
            }
        }
    }

    void overlap(const ElfSegment& a, const ElfSegment& b, const char* what, uint32_t a_start, uint32_t a_size,
                 uint32_t b_start, uint32_t b_size) const {
        const uint64_t lo = std::max<uint64_t>(a_start, b_start);
        const uint64_t hi = std::min<uint64_t>(uint64_t(a_start) + a_size, uint64_t(b_start) + b_size);
        if (hi <= lo) return;
        malformed(fmt::format("PT_LOAD segments {} ({:#010x}..{:#010x}) and {} ({:#010x}..{:#010x}) overlap at {} "
                              "{:#010x}..{:#010x}, so one would be loaded over the other",
                              a.index, a_start, uint64_t(a_start) + a_size, b.index, b_start,
                              uint64_t(b_start) + b_size, what, lo, hi));
    }

    void read_sections() {
        size_t names_index = 0;
        if (elf_getshdrstrndx(elf(), &names_index) != 0) {
            malformed(fmt::format("unreadable section name table index ({})", libelf_error()));
        }
        for (Elf_Scn* scn = elf_nextscn(elf(), nullptr); scn; scn = elf_nextscn(elf(), scn)) {
            GElf_Shdr header;
            size_t index = elf_ndxscn(scn);
            if (!gelf_getshdr(scn, &header)) {
                malformed(fmt::format("section header {} is unreadable ({})", index, libelf_error()));
            }
            const char* name = elf_strptr(elf(), names_index, header.sh_name);
            if (!name) malformed(fmt::format("section {} has no readable name ({})", index, libelf_error()));
            bool nobits = header.sh_type == SHT_NOBITS;
            if (header.sh_type != SHT_NULL && !nobits && !file_.in_file(header.sh_offset, header.sh_size)) {
                malformed(fmt::format("section {} ('{}') needs file bytes {:#x}..{:#x}, the file has {:#x}",
                                      index, name, header.sh_offset, header.sh_offset + header.sh_size,
                                      file_.bytes().size()));
            }
            bool alloc = header.sh_flags & SHF_ALLOC;
            if ((alloc && !in_address_space(header.sh_addr, header.sh_size)) ||
                header.sh_addr >= kAddressSpace || header.sh_size >= kAddressSpace) {
                malformed(fmt::format("section {} ('{}', {} bytes at {:#x}) runs past the 4 GiB "
                                      "address space", index, name, header.sh_size, header.sh_addr));
            }
            ElfSection section;
            section.index = unsigned(index);
            section.name = name;
            section.address = uint32_t(header.sh_addr);
            section.size = uint32_t(header.sh_size);
            section.nobits = nobits;
            section.alloc = alloc;
            section.write = header.sh_flags & SHF_WRITE;
            section.exec = header.sh_flags & SHF_EXECINSTR;
            image_.sections_.push_back(std::move(section));
        }
    }

    void read_symbols() {
        std::vector<ElfRawSymbol> raw;
        for (Elf_Scn* scn = elf_nextscn(elf(), nullptr); scn; scn = elf_nextscn(elf(), scn)) {
            GElf_Shdr header;
            if (!gelf_getshdr(scn, &header) || header.sh_type != SHT_SYMTAB) continue;
            size_t index = elf_ndxscn(scn);
            Elf_Data* data = elf_getdata(scn, nullptr);
            if (!data) {
                fail("cannot read the symbol table (section {}) of '{}': {}; rebuild the firmware",
                     index, path(), libelf_error());
            }
            // An entry size other than the ELF32 symbol's would make the count
            // below wrong (0 would silently drop every symbol).
            const size_t entry_size = gelf_fsize(elf(), ELF_T_SYM, 1, EV_CURRENT);
            if (header.sh_entsize != entry_size) {
                malformed(fmt::format("symbol table (section {}) has entries of {} bytes, not {}", index,
                                      header.sh_entsize, entry_size));
            }
            size_t count = header.sh_size / entry_size;
            for (size_t i = 1; i < count; ++i) {
                GElf_Sym symbol;
                if (!gelf_getsym(data, int(i), &symbol)) {
                    malformed(fmt::format("symbol {} of section {} is unreadable ({})", i, index,
                                          libelf_error()));
                }
                add_symbol(symbol, header.sh_link, raw);
            }
        }
        for (const ElfRawSymbol& symbol : raw) {
            image_.symbols_.push_back({symbol.name, symbol.value, symbol.rank});
        }
        std::sort(image_.symbols_.begin(), image_.symbols_.end(),
                  [](const ElfImage::Symbol& a, const ElfImage::Symbol& b) {
                      return std::tie(a.name, a.rank, a.value) < std::tie(b.name, b.rank, b.value);
                  });
        image_.functions_ = build_function_table(raw, image_.sections_);
    }

    void add_symbol(const GElf_Sym& symbol, size_t names_section, std::vector<ElfRawSymbol>& raw) {
        int type = GELF_ST_TYPE(symbol.st_info);
        if (symbol.st_shndx == SHN_UNDEF || symbol.st_name == 0 || type == STT_SECTION ||
            type == STT_FILE) {
            return;
        }
        const char* name = elf_strptr(elf(), names_section, symbol.st_name);
        if (!name) malformed(fmt::format("a symbol name is unreadable ({})", libelf_error()));
        if (*name == '\0' || is_mapping_symbol(name)) return;
        if (symbol.st_value >= kAddressSpace || symbol.st_size >= kAddressSpace) {
            malformed(fmt::format("symbol '{}' has value {:#x} and size {:#x}, beyond 32 bits", name,
                                  symbol.st_value, symbol.st_size));
        }
        int bind = GELF_ST_BIND(symbol.st_info);
        ElfRawSymbol entry;
        entry.name = name;
        entry.value = uint32_t(symbol.st_value);
        entry.size = uint32_t(symbol.st_size);
        entry.section = symbol.st_shndx;
        entry.function = type == STT_FUNC;
        entry.rank = bind == STB_GLOBAL ? 0 : bind == STB_WEAK ? 1 : 2;
        raw.push_back(std::move(entry));
    }

    ElfFile file_;
    ElfImage image_;
};

ElfImage ElfImage::load(const std::string& path) {
    return ElfReader(ElfFile::open(path)).read();
}

ElfImage ElfImage::from_memory(std::string name, std::vector<char> bytes) {
    return ElfReader(ElfFile::from_memory(std::move(name), std::move(bytes))).read();
}

const ElfSection* ElfImage::section(std::string_view name) const {
    for (const ElfSection& section : sections_) {
        if (section.name == name) return &section;
    }
    return nullptr;
}

std::optional<uint32_t> ElfImage::symbol(std::string_view name) const {
    auto it = std::lower_bound(symbols_.begin(), symbols_.end(), name,
                               [](const Symbol& symbol, std::string_view key) { return symbol.name < key; });
    if (it == symbols_.end() || it->name != name) return std::nullopt;
    return it->value;  // the best-ranked definition sorts first
}

const ElfFunction* ElfImage::function_at(uint32_t address) const {
    auto it = std::upper_bound(functions_.begin(), functions_.end(), address,
                               [](uint32_t key, const ElfFunction& function) { return key < function.address; });
    if (it == functions_.begin()) return nullptr;
    --it;
    return it->contains(address) ? &*it : nullptr;
}

const ElfFunction* ElfImage::function_named(std::string_view name) const {
    auto named = [&](const ElfFunction& function) {
        return function.name == name ||
               std::find(function.aliases.begin(), function.aliases.end(), name) != function.aliases.end();
    };
    if (std::optional<uint32_t> value = symbol(name)) {
        // Fast path: the symbol's address leads straight to the function.
        auto it = std::lower_bound(functions_.begin(), functions_.end(), *value & ~uint32_t(1),
                                   [](const ElfFunction& function, uint32_t key) { return function.address < key; });
        if (it != functions_.end() && it->address == (*value & ~uint32_t(1)) && named(*it)) return &*it;
    }
    auto it = std::find_if(functions_.begin(), functions_.end(), named);
    return it != functions_.end() ? &*it : nullptr;
}

uint64_t ElfImage::static_bytes() const {
    uint64_t total = 0;
    for (const ElfSection& section : sections_) {
        if (section.alloc && section.write) total += section.size;
    }
    return total;
}

uint64_t ElfImage::static_bytes_within(uint32_t base, uint64_t size) const {
    uint64_t range_end = clipped_end(base, size);
    uint64_t total = 0;
    for (const ElfSection& section : sections_) {
        if (!section.alloc || !section.write) continue;
        uint64_t start = std::max<uint64_t>(section.address, base);
        uint64_t end = std::min<uint64_t>(section.end(), range_end);
        if (end > start) total += end - start;
    }
    return total;
}

// Sections a linker script adds only to reserve the heap or the stack
// (.heap, .stack, CubeMX's ._user_heap_stack, ...), with their alignment
// padding: recognised by name, as their flags equal those of .bss.
static bool is_reservation_section(const std::string& name) {
    std::string lower(name);
    for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return lower.find("heap") != std::string::npos || lower.find("stack") != std::string::npos;
}

uint64_t ElfImage::static_bytes_outside(const std::vector<std::pair<uint32_t, uint32_t>>& reserved) const {
    uint64_t total = 0;
    for (const ElfSection& section : sections_) {
        if (!section.alloc || !section.write || is_reservation_section(section.name)) continue;
        uint64_t bytes = section.size;
        // Reserved ranges do not overlap each other (stack and heap), so
        // subtracting each overlap once is exact.
        for (const auto& [begin, end] : reserved) {
            const uint64_t lo = std::max<uint64_t>(section.address, begin);
            const uint64_t hi = std::min<uint64_t>(section.end(), end);
            if (hi > lo) bytes -= std::min<uint64_t>(bytes, hi - lo);
        }
        total += bytes;
    }
    return total;
}

uint32_t ElfImage::static_data_end(uint32_t base, uint32_t below) const {
    uint64_t end = base;
    for (const ElfSection& section : sections_) {
        if (!section.alloc || !section.write || section.size == 0 || is_reservation_section(section.name)) continue;
        if (section.address >= base && section.address < below) end = std::max(end, section.end());
    }
    return uint32_t(std::min<uint64_t>(end, UINT32_MAX));
}

uint64_t ElfImage::flash_bytes() const {
    uint64_t total = 0;
    for (const ElfSegment& segment : segments_) total += segment.file_size;
    return total;
}

uint64_t ElfImage::load_bytes_within(uint32_t base, uint64_t size) const {
    uint64_t range_end = clipped_end(base, size);
    uint64_t total = 0;
    for (const ElfSegment& segment : segments_) {
        uint64_t start = std::max<uint64_t>(segment.paddr, base);
        uint64_t end = std::min<uint64_t>(uint64_t(segment.paddr) + segment.file_size, range_end);
        if (end > start) total += end - start;
    }
    return total;
}

}  // namespace mcuprof
