#include "emulator/elf/elf_file.hpp"

#include "emulator/files/input_file.hpp"
#include "emulator/text/error.hpp"

#include <cstring>

namespace mcuprof {
namespace {

bool checked_table_end(uint64_t offset, uint64_t count, uint64_t entry_size, uint64_t& end) {
    uint64_t bytes = 0;
    return !__builtin_mul_overflow(count, entry_size, &bytes) && !__builtin_add_overflow(offset, bytes, &end);
}

}  // namespace

const char* elf_machine_name(unsigned machine) {
    switch (machine) {
        case EM_NONE: return "no machine (EM_NONE)";
        case EM_386: return "x86 (i386)";
        case EM_X86_64: return "x86-64";
        case EM_AARCH64: return "AArch64";
        case EM_ARM: return "ARM";
        case EM_RISCV: return "RISC-V";
        case EM_XTENSA: return "Xtensa";
        case EM_AVR: return "AVR";
        case EM_MSP430: return "MSP430";
        case EM_MIPS: return "MIPS";
        case EM_PPC: return "PowerPC";
        case EM_PPC64: return "PowerPC64";
        case EM_SPARC: return "SPARC";
        case EM_SPARCV9: return "SPARC V9";
        case EM_S390: return "IBM S/390";
        case EM_LOONGARCH: return "LoongArch";
        default: return nullptr;
    }
}

std::string libelf_error() {
    const char* message = elf_errmsg(-1);
    return message ? message : "unknown libelf error";
}

ElfFile ElfFile::open(const std::string& path) {
    ElfFile file(path);
    file.read_bytes();
    file.check_all();
    return file;
}

ElfFile ElfFile::from_memory(std::string name, std::vector<char> bytes) {
    ElfFile file(std::move(name));
    file.bytes_ = std::move(bytes);
    file.check_all();
    return file;
}

void ElfFile::check_all() {
    if (bytes_.empty()) fail("'{}' is empty (0 bytes), not an ELF file; rebuild the firmware", path_);
    begin();
    check_tables();
}

bool ElfFile::in_file(uint64_t offset, uint64_t size) const {
    uint64_t end = 0;
    return !__builtin_add_overflow(offset, size, &end) && end <= bytes_.size();
}

void ElfFile::malformed(const std::string& what) const {
    fail("ELF file '{}' is truncated or malformed: {}; rebuild the firmware", path_, what);
}

void ElfFile::read_bytes() { bytes_ = read_input_bytes(path_, kElfInput); }

void ElfFile::begin() {
    static const bool initialised = elf_version(EV_CURRENT) != EV_NONE;
    if (!initialised) fail("libelf refuses its own version: {}", libelf_error());
    bool magic = bytes_.size() >= SELFMAG && std::memcmp(bytes_.data(), ELFMAG, SELFMAG) == 0;
    if (magic && bytes_.size() >= EI_NIDENT) check_class_and_encoding();
    elf_.reset(elf_memory(bytes_.data(), bytes_.size()));
    if (!elf_) {
        if (magic) malformed(fmt::format("libelf cannot read it ({})", libelf_error()));
        fail("'{}' is not an ELF file (no ELF magic at its start); pass the firmware .elf", path_);
    }
    Elf_Kind kind = elf_kind(elf_.get());
    if (kind == ELF_K_AR) {
        fail("'{}' is an ar archive (a static library), not an ELF executable; pass the linked "
             "firmware .elf", path_);
    }
    if (kind != ELF_K_ELF) {
        if (magic) malformed("libelf does not recognise the ELF header");
        fail("'{}' is not an ELF file (no ELF magic at its start); pass the firmware .elf", path_);
    }
    if (!gelf_getehdr(elf_.get(), &header_)) {
        malformed(fmt::format("unreadable ELF header ({})", libelf_error()));
    }
}

// Before libelf parses the tables: a 64-bit or big-endian file otherwise
// fails later with a message about its program header count.
void ElfFile::check_class_and_encoding() const {
    const auto elf_class = static_cast<unsigned char>(bytes_[EI_CLASS]);
    const auto encoding = static_cast<unsigned char>(bytes_[EI_DATA]);
    if (elf_class == ELFCLASS32 && encoding == ELFDATA2LSB) return;
    const std::string class_name = elf_class == ELFCLASS32   ? "ELFCLASS32"
                                   : elf_class == ELFCLASS64 ? "ELFCLASS64"
                                                             : fmt::format("EI_CLASS {}", elf_class);
    const std::string encoding_name = encoding == ELFDATA2LSB   ? "ELFDATA2LSB"
                                      : encoding == ELFDATA2MSB ? "ELFDATA2MSB"
                                                                : fmt::format("EI_DATA {}", encoding);
    // e_machine (offset 18) in the file's own byte order, to name what it was built for.
    const auto lo = static_cast<unsigned char>(bytes_.size() > 19 ? bytes_[18] : 0);
    const auto hi = static_cast<unsigned char>(bytes_.size() > 19 ? bytes_[19] : 0);
    const unsigned machine = encoding == ELFDATA2MSB ? (lo << 8 | hi) : (hi << 8 | lo);
    const char* machine_name = elf_machine_name(machine);
    const std::string bits = elf_class == ELFCLASS64 ? "64-bit" : elf_class == ELFCLASS32 ? "32-bit" : "";
    fail("'{}' is not a 32-bit little-endian ELF ({}/{}): it is a {}{}ELF for {}{}, not 32-bit ARM; build for "
         "Cortex-M with arm-none-eabi-gcc",
         path_, class_name, encoding_name, bits, bits.empty() ? "" : " ",
         machine_name ? machine_name : fmt::format("machine number {}", machine),
         encoding == ELFDATA2MSB ? " (big-endian)" : "");
}

void ElfFile::check_tables() {
    uint64_t end = 0;
    size_t program_headers = 0;
    const bool extended = header_.e_phnum == PN_XNUM;
    if (elf_getphdrnum(elf_.get(), &program_headers) != 0 || (extended && program_headers == 0)) {
        if (extended) {
            // The real count is in section 0's sh_info; libelf reads it when it is there.
            malformed(fmt::format("e_phnum is PN_XNUM ({:#x}), which defers the program header count to section "
                                  "0's sh_info, but {}",
                                  PN_XNUM,
                                  header_.e_shoff == 0 ? "the file has no section header table"
                                                       : "section 0 gives no count"));
        }
        malformed(fmt::format("unreadable program header count ({})", libelf_error()));
    }
    if (program_headers > 0 &&
        (!checked_table_end(header_.e_phoff, program_headers, header_.e_phentsize, end) ||
         end > bytes_.size())) {
        malformed(fmt::format("the program header table ({} entries at {:#x}) ends past the end of the "
                              "file ({:#x} bytes)", program_headers, header_.e_phoff, bytes_.size()));
    }
    // e_shnum 0 with a table offset means "count in section 0", which must then be readable.
    uint64_t sections = header_.e_shnum != 0 ? header_.e_shnum : header_.e_shoff != 0 ? 1 : 0;
    if (sections > 0 &&
        (!checked_table_end(header_.e_shoff, sections, header_.e_shentsize, end) || end > bytes_.size())) {
        malformed(fmt::format("the section header table ({} entries at {:#x}) ends past the end of the "
                              "file ({:#x} bytes)", sections, header_.e_shoff, bytes_.size()));
    }
    size_t counted = 0;
    if (elf_getshdrnum(elf_.get(), &counted) != 0 || (sections > 0 && counted == 0)) {
        malformed(fmt::format("unreadable section header table ({})", libelf_error()));
    }
}

}  // namespace mcuprof
