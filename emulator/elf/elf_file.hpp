// An ELF file read whole into memory and opened with libelf (elf_memory), with
// the checks every reader of it needs: the file exists and is a regular,
// non-empty file within the ELF size limit (read by read_input_bytes), it is
// an ELF object (not random bytes, not an ar archive), and its header, program header table and section header table lie
// inside the file. libelf alone reports a section table beyond the end of a
// truncated file as "no sections", which would silently lose the symbols.
// Used by ElfImage and SourceLines; holds no state beyond one load.
#pragma once

#include <gelf.h>
#include <libelf.h>

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace mcuprof {

class ElfFile {
public:
    // Throws mcuprof::Error with a one-line message naming path on any failure.
    static ElfFile open(const std::string& path);
    // The same checks on bytes already in memory; name stands for the path in messages.
    static ElfFile from_memory(std::string name, std::vector<char> bytes);

    Elf* elf() const { return elf_.get(); }
    const std::string& path() const { return path_; }
    const GElf_Ehdr& header() const { return header_; }
    // The file's bytes (the image libelf reads from).
    const std::vector<char>& bytes() const { return bytes_; }
    // Whether [offset, offset + size) lies inside the file (overflow-checked).
    bool in_file(uint64_t offset, uint64_t size) const;

    // Throws "ELF file '<path>' is truncated or malformed: <what>; rebuild the firmware".
    [[noreturn]] void malformed(const std::string& what) const;

private:
    struct ElfCloser {
        void operator()(Elf* elf) const { elf_end(elf); }
    };

    explicit ElfFile(std::string path) : path_(std::move(path)) {}
    void read_bytes();
    void check_all();
    void begin();
    void check_class_and_encoding() const;
    void check_tables();

    std::string path_;
    std::vector<char> bytes_;                // must outlive elf_, which reads from it
    std::unique_ptr<Elf, ElfCloser> elf_;
    GElf_Ehdr header_{};
};

// "x86-64" for EM_X86_64, ...; nullptr for a machine number it does not know.
const char* elf_machine_name(unsigned machine);

// The latest libelf error message.
std::string libelf_error();

}  // namespace mcuprof
