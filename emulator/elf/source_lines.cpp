// SourceLines::load walks every compilation unit with libdw, turns each line
// table row into the address range it covers (up to the next row), keeps the
// ranges that lie in executable sections and sorts them once.
#include "emulator/elf/source_lines.hpp"

#include "emulator/elf/elf_file.hpp"
#include "emulator/text/error.hpp"

#include <dwarf.h>
#include <elfutils/libdw.h>
#include <gelf.h>
#include <libelf.h>

#include <algorithm>
#include <cstring>
#include <unordered_map>

namespace mcuprof {
namespace {

constexpr uint64_t kAddressSpace = uint64_t(1) << 32;

struct CodeRange {
    uint64_t start = 0;
    uint64_t end = 0;
};

struct Row {
    uint64_t address = 0;
    bool end_sequence = false;
    uint32_t line = 0;
    uint32_t column = 0;
    const char* file = nullptr;  // owned by libdw, valid until dwarf_end
};

}  // namespace

// Owns the file and the libdw handle of one load().
class SourceLinesReader {
public:
    explicit SourceLinesReader(ElfFile file) : file_(std::move(file)) {}

    ~SourceLinesReader() {
        if (dwarf_) dwarf_end(dwarf_);
    }

    SourceLinesReader(const SourceLinesReader&) = delete;
    SourceLinesReader& operator=(const SourceLinesReader&) = delete;

    SourceLines read() {
        if (!read_code_ranges()) return std::move(result_);  // no debug info: empty table
        dwarf_ = dwarf_begin_elf(file_.elf(), DWARF_C_READ, nullptr);
        if (!dwarf_) {
            fail("cannot read the debug info of '{}': {}; rebuild the firmware with -g",
                 path(), dwarf_errmsg(-1));
        }
        read_units();
        finish();
        return std::move(result_);
    }

private:
    const std::string& path() const { return file_.path(); }

    // Collects the executable sections; returns whether the file has debug info.
    bool read_code_ranges() {
        size_t names_index = 0;
        if (elf_getshdrstrndx(file_.elf(), &names_index) != 0) {
            file_.malformed(fmt::format("unreadable section name table index ({})", libelf_error()));
        }
        bool has_debug_info = false;
        for (Elf_Scn* scn = elf_nextscn(file_.elf(), nullptr); scn; scn = elf_nextscn(file_.elf(), scn)) {
            GElf_Shdr header;
            if (!gelf_getshdr(scn, &header)) {
                file_.malformed(fmt::format("section header {} is unreadable ({})", elf_ndxscn(scn),
                                            libelf_error()));
            }
            if (header.sh_type != SHT_NOBITS && header.sh_type != SHT_NULL &&
                !file_.in_file(header.sh_offset, header.sh_size)) {
                file_.malformed(fmt::format("section {} needs file bytes past the end of the file",
                                            elf_ndxscn(scn)));
            }
            const char* name = elf_strptr(file_.elf(), names_index, header.sh_name);
            if (name && (std::strcmp(name, ".debug_info") == 0 || std::strcmp(name, ".zdebug_info") == 0)) {
                has_debug_info = true;
            }
            bool code = (header.sh_flags & SHF_ALLOC) && (header.sh_flags & SHF_EXECINSTR);
            uint64_t end = 0;
            if (code && header.sh_size > 0 && !__builtin_add_overflow(header.sh_addr, header.sh_size, &end)) {
                code_.push_back({header.sh_addr, end});
            }
        }
        return has_debug_info;
    }

    void read_units() {
        Dwarf_CU* unit = nullptr;
        Dwarf_Half version = 0;
        uint8_t unit_type = 0;
        Dwarf_Die die;
        int status = 0;
        while ((status = dwarf_get_units(dwarf_, unit, &unit, &version, &unit_type, &die, nullptr)) == 0) {
            if (unit_type != DW_UT_compile && unit_type != DW_UT_partial) continue;
            if (!dwarf_hasattr(&die, DW_AT_stmt_list)) continue;  // a unit without a line table
            Dwarf_Lines* lines = nullptr;
            size_t count = 0;
            if (dwarf_getsrclines(&die, &lines, &count) != 0) {
                const char* unit_name = dwarf_diename(&die);
                fail("cannot decode the line table of compilation unit '{}' in '{}': {}; rebuild "
                     "the firmware", unit_name ? unit_name : "?", path(), dwarf_errmsg(-1));
            }
            Dwarf_Attribute attribute;
            const char* comp_dir = dwarf_formstring(dwarf_attr(&die, DW_AT_comp_dir, &attribute));
            read_lines(lines, count, comp_dir ? comp_dir : "");
        }
        if (status < 0) {
            fail("cannot walk the debug info of '{}': {}; rebuild the firmware", path(), dwarf_errmsg(-1));
        }
    }

    // Row i covers [address_i, address_{i+1}) unless it ends a sequence; rows
    // of one address but the last cover nothing.
    void read_lines(Dwarf_Lines* lines, size_t count, const char* comp_dir) {
        unit_files_.clear();
        std::vector<Row> rows;
        rows.reserve(count);
        for (size_t i = 0; i < count; ++i) {
            Dwarf_Line* line = dwarf_onesrcline(lines, i);
            Row row;
            int number = 0;
            int column = 0;
            if (!line || dwarf_lineaddr(line, &row.address) != 0 ||
                dwarf_lineendsequence(line, &row.end_sequence) != 0 || dwarf_lineno(line, &number) != 0 ||
                dwarf_linecol(line, &column) != 0) {
                fail("cannot decode line table row {} of '{}': {}; rebuild the firmware", i, path(),
                     dwarf_errmsg(-1));
            }
            row.line = uint32_t(number);
            row.column = uint32_t(column);
            row.file = dwarf_linesrc(line, nullptr, nullptr);
            rows.push_back(row);
        }
        for (size_t i = 0; i + 1 < rows.size(); ++i) {
            const Row& row = rows[i];
            uint64_t end = rows[i + 1].address;
            if (row.end_sequence || end <= row.address || !in_code(row.address, end)) continue;
            SourceLines::Range range;
            range.start = uint32_t(row.address);
            range.end = uint32_t(end);  // in_code() keeps end below 4 GiB
            range.file = intern(row.file, comp_dir);
            range.line = row.line;
            range.column = row.column;
            result_.ranges_.push_back(range);
        }
    }

    bool in_code(uint64_t start, uint64_t end) const {
        if (end >= kAddressSpace) return false;  // a 64-bit tombstone (-1) or a foreign ELF
        return std::any_of(code_.begin(), code_.end(), [&](const CodeRange& code) {
            return start >= code.start && end <= code.end;
        });
    }

    // A file name relative to the unit's compilation directory is joined to it,
    // as addr2line does; absolute names stay as they are.
    uint32_t intern(const char* file, const char* comp_dir) {
        auto cached = unit_files_.find(file);
        if (cached != unit_files_.end()) return cached->second;
        std::string name = file ? file : "??";
        if (file && file[0] != '/' && comp_dir[0] != '\0') {
            name = std::string(comp_dir) + (comp_dir[std::strlen(comp_dir) - 1] == '/' ? "" : "/") + name;
        }
        auto [it, inserted] = file_index_.try_emplace(name, uint32_t(result_.files_.size()));
        if (inserted) result_.files_.push_back(std::move(name));
        unit_files_.emplace(file, it->second);
        return it->second;
    }

    // Sorts the ranges and makes them disjoint (a later range wins an overlap,
    // which only overlapping line tables produce).
    void finish() {
        auto& ranges = result_.ranges_;
        std::stable_sort(ranges.begin(), ranges.end(),
                         [](const SourceLines::Range& a, const SourceLines::Range& b) { return a.start < b.start; });
        std::vector<SourceLines::Range> disjoint;
        disjoint.reserve(ranges.size());
        for (const SourceLines::Range& range : ranges) {
            if (!disjoint.empty() && disjoint.back().end > range.start) {
                disjoint.back().end = range.start;
                if (disjoint.back().end == disjoint.back().start) disjoint.pop_back();
            }
            disjoint.push_back(range);
        }
        ranges = std::move(disjoint);
    }

    ElfFile file_;
    Dwarf* dwarf_ = nullptr;
    std::vector<CodeRange> code_;
    std::unordered_map<std::string, uint32_t> file_index_;
    std::unordered_map<const char*, uint32_t> unit_files_;  // libdw's names of the current unit
    SourceLines result_;
};

SourceLines SourceLines::load(const std::string& path) {
    return SourceLinesReader(ElfFile::open(path)).read();
}

SourceLines SourceLines::from_memory(std::string name, std::vector<char> bytes) {
    return SourceLinesReader(ElfFile::from_memory(std::move(name), std::move(bytes))).read();
}

std::optional<SourceLocation> SourceLines::lookup(uint32_t address) const {
    auto it = std::upper_bound(ranges_.begin(), ranges_.end(), address,
                               [](uint32_t key, const Range& range) { return key < range.start; });
    if (it == ranges_.begin()) return std::nullopt;
    --it;
    if (address >= it->end) return std::nullopt;
    return SourceLocation{files_[it->file], it->line, it->column};
}

}  // namespace mcuprof
