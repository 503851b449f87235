// Address -> source file and line, from the DWARF line tables (DWARF 4 or 5, as
// arm-none-eabi-gcc -g writes them), read once with libdw into a sorted table of
// address ranges so that each lookup is one binary search.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace mcuprof {

struct SourceLocation {
    std::string_view file;  // as recorded in DWARF; a relative name is joined to the
                            // unit's compilation directory (as addr2line does)
    uint32_t line = 0;      // 1-based; 0 when the compiler attributes code to no line
    uint32_t column = 0;    // 1-based; 0 when unknown

    // The file name without its directories ("kernels/softmax.c" -> "softmax.c").
    std::string_view short_file() const {
        size_t slash = file.find_last_of('/');
        return slash == std::string_view::npos ? file : file.substr(slash + 1);
    }
};

class SourceLines {
public:
    // Reads every compilation unit's line table of the ELF at path. An ELF
    // without debug info yields an empty table (lookups return nullopt), not an
    // error. Throws mcuprof::Error for a missing, unreadable or non-ELF file
    // and for debug info that libdw cannot decode.
    //
    // Only rows inside executable sections are kept: code removed by
    // --gc-sections leaves line rows at address 0 (the linker's tombstone),
    // which would otherwise shadow whatever really lives there.
    static SourceLines load(const std::string& path);
    // The same from the bytes of an ELF file in memory; name stands for the path in messages.
    static SourceLines from_memory(std::string name, std::vector<char> bytes);

    // The source line of the instruction at address, or nullopt when no line
    // table covers it. The views point into this object (moving it keeps
    // them valid; destroying it does not).
    std::optional<SourceLocation> lookup(uint32_t address) const;

    bool empty() const { return ranges_.empty(); }
    size_t range_count() const { return ranges_.size(); }
    // Every source file named by a kept row, in first-seen order.
    const std::vector<std::string>& files() const { return files_; }

private:
    struct Range {
        uint32_t start = 0;
        uint32_t end = 0;   // exclusive; start < end
        uint32_t file = 0;  // index into files_
        uint32_t line = 0;
        uint32_t column = 0;
    };

    std::vector<std::string> files_;
    std::vector<Range> ranges_;  // sorted by start, disjoint

    friend class SourceLinesReader;
};

}  // namespace mcuprof
