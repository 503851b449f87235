// Board profiles: reading profiles/<name>.toml with toml++, validating it
// strictly (every error names file and line), and finding profiles by name.
#include "emulator/board/board_profile.hpp"

#include "emulator/files/input_file.hpp"
#include "emulator/files/toml_depth.hpp"
#include "emulator/text/error.hpp"

#include <fmt/format.h>
#include <toml++/toml.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdlib>
#include <filesystem>
#include <limits>
#include <string_view>

namespace mcuprof {

namespace {

constexpr uint64_t kPage = 1024;  // Unicorn maps ARM guest memory in 1 KB pages
constexpr uint64_t kAddressSpace = uint64_t(1) << 32;
// The emulator maps every region, alias and peripheral range separately, and
// Unicorn aborts on an assertion past about 1000 mappings (one per 1 KB page
// offset: phys_section_add in its exec.c). Well below that, and above any part.
constexpr size_t kMaxMappedRanges = 512;
// The emulator allocates and clears host memory for every region (aliases
// share it): a bound that no microcontroller, with its external RAM, comes near.
constexpr uint64_t kMaxMemoryBytes = uint64_t(256) << 20;
// The Private Peripheral Bus, where the emulator maps its own System Control
// Space model (NVIC, SysTick, DWT, ITM): no profile range may claim it.
constexpr uint64_t kPpbBase = 0xE0000000u;
constexpr uint64_t kPpbEnd = 0xE0100000u;

struct NamedValue {
    std::string_view name;
    int value;
};

constexpr std::array kCores{NamedValue{"cortex-m4", int(Core::CortexM4)}, NamedValue{"cortex-m7", int(Core::CortexM7)}};
constexpr std::array kKinds{NamedValue{"flash", int(RegionKind::Flash)}, NamedValue{"sram", int(RegionKind::Sram)},
                            NamedValue{"tcm", int(RegionKind::Tcm)}, NamedValue{"ccm", int(RegionKind::Ccm)},
                            NamedValue{"backup", int(RegionKind::Backup)}};
constexpr std::array kPolicies{NamedValue{"tolerate", int(PeripheralPolicy::Tolerate)},
                               NamedValue{"trap", int(PeripheralPolicy::Trap)}};
constexpr std::array kControllers{NamedValue{"fixed", int(ClockControllerKind::Fixed)},
                                  NamedValue{"stm32f4", int(ClockControllerKind::Stm32f4)},
                                  NamedValue{"stm32f7", int(ClockControllerKind::Stm32f7)},
                                  NamedValue{"stm32h7", int(ClockControllerKind::Stm32h7)}};
// Which FPUs each core can have: FPv4-SP on the M4, FPv5 (SP or DP) on the M7.
constexpr std::array<std::string_view, 2> kFpusM4{"none", "fpv4-sp-d16"};
constexpr std::array<std::string_view, 3> kFpusM7{"none", "fpv5-sp-d16", "fpv5-d16"};

template <typename Names>
std::string join_names(const Names& names) {
    std::string out;
    for (const auto& n : names) {
        if (!out.empty()) out += ", ";
        if constexpr (std::is_same_v<std::decay_t<decltype(n)>, NamedValue>) {
            out += n.name;
        } else {
            out += n;
        }
    }
    return out;
}

int line_of(const toml::source_region& source) { return source.begin.line == 0 ? 1 : int(source.begin.line); }

// Reads one profile file; every failure is "<file>:<line>: <reason>".
class ProfileReader {
public:
    explicit ProfileReader(std::string path) : path_(std::move(path)) {}

    BoardProfile read() {
        return parse(read_input_file(path_, kBoardProfileInput));
    }

    BoardProfile parse(std::string_view text) {
        check_toml_depth(text, path_);
        toml::table root;
        try {
            root = toml::parse(text, path_);
        } catch (const toml::parse_error& e) {
            fail("{}:{}: malformed TOML: {}", path_, line_of(e.source()), e.description());
        }
        BoardProfile board;
        board.source_path = path_;
        board.name = std::filesystem::path(path_).stem().string();
        read_root(root, board);
        validate(board);
        return board;
    }

private:
    template <typename... Args>
    [[noreturn]] void fail_at(int line, fmt::format_string<Args...> format, Args&&... args) const {
        throw Error(fmt::format("{}:{}: {}", path_, line, fmt::format(format, std::forward<Args>(args)...)));
    }

    void check_keys(const toml::table& table, std::initializer_list<std::string_view> allowed,
                    std::string_view where) const {
        for (auto&& [key, node] : table) {
            if (std::find(allowed.begin(), allowed.end(), key.str()) == allowed.end()) {
                fail_at(line_of(key.source()), "unknown key '{}' in {}; allowed keys: {}", key.str(), where,
                        join_names(allowed));
            }
        }
    }

    const toml::node& require(const toml::table& table, std::string_view key, std::string_view where) const {
        const toml::node* node = table.get(key);
        if (node == nullptr) fail_at(line_of(table.source()), "{} is missing the key '{}'", where, key);
        return *node;
    }

    std::string string_of(const toml::node& node, std::string_view key) const {
        if (!node.is_string()) fail_at(line_of(node.source()), "'{}' must be a string", key);
        return std::string(*node.value<std::string_view>());
    }

    int64_t integer_of(const toml::node& node, std::string_view key) const {
        if (!node.is_integer()) fail_at(line_of(node.source()), "'{}' must be an integer", key);
        return *node.value<int64_t>();
    }

    // A 32-bit address or size: 0 .. 0xFFFF_FFFF.
    uint32_t u32_of(const toml::node& node, std::string_view key) const {
        const int64_t v = integer_of(node, key);
        if (v < 0 || uint64_t(v) > std::numeric_limits<uint32_t>::max()) {
            fail_at(line_of(node.source()), "'{}' = {} is outside the 32-bit address space (0 .. 0xffffffff)", key, v);
        }
        return uint32_t(v);
    }

    template <size_t N>
    int named_value(const toml::node& node, std::string_view key, const std::array<NamedValue, N>& names) const {
        const std::string text = string_of(node, key);
        for (const NamedValue& n : names) {
            if (n.name == text) return n.value;
        }
        fail_at(line_of(node.source()), "unknown {} '{}'; use one of: {}", key, text, join_names(names));
    }

    void read_root(const toml::table& root, BoardProfile& board) {
        check_keys(root,
                   {"description", "core", "fpu", "clock_hz", "sram_budget_default", "main_ram", "qemu_machine",
                    "peripherals", "clock", "region", "memory_system"},
                   "the profile");
        board.description = string_of(require(root, "description", "the profile"), "description");
        const toml::node& core = require(root, "core", "the profile");
        board.core = Core(named_value(core, "core", kCores));
        const toml::node& fpu = require(root, "fpu", "the profile");
        board.fpu = string_of(fpu, "fpu");
        check_fpu(board, line_of(fpu.source()));

        const toml::node& clock = require(root, "clock_hz", "the profile");
        const int64_t hz = integer_of(clock, "clock_hz");
        if (hz <= 0) fail_at(line_of(clock.source()), "clock_hz must be positive, got {}", hz);
        board.clock_hz = uint64_t(hz);

        const toml::node& budget = require(root, "sram_budget_default", "the profile");
        const int64_t bytes = integer_of(budget, "sram_budget_default");
        if (bytes <= 0) fail_at(line_of(budget.source()), "sram_budget_default must be positive, got {}", bytes);
        board.sram_budget_default = uint64_t(bytes);
        budget_line_ = line_of(budget.source());

        if (const toml::node* main = root.get("main_ram")) {
            board.main_ram = string_of(*main, "main_ram");
            main_ram_line_ = line_of(main->source());
        }
        if (const toml::node* qemu = root.get("qemu_machine")) board.qemu_machine = string_of(*qemu, "qemu_machine");

        read_clock(root.get("clock"), board);

        const toml::node& peripherals = require(root, "peripherals", "the profile");
        if (!peripherals.is_table()) fail_at(line_of(peripherals.source()), "'peripherals' must be a table");
        read_peripherals(*peripherals.as_table(), board);

        const toml::node* regions = root.get("region");
        if (regions == nullptr) {
            fail_at(1, "the profile has no memory regions; add [[region]] tables for the flash and every RAM");
        }
        if (!regions->is_array_of_tables()) {
            fail_at(line_of(regions->source()), "'region' must be an array of tables, written [[region]]");
        }
        for (const toml::node& node : *regions->as_array()) board.regions.push_back(read_region(*node.as_table()));
        if (const toml::node* ms = root.get("memory_system")) {
            if (!ms->is_table()) fail_at(line_of(ms->source()), "'memory_system' must be a table");
            board.memory_system = read_memory_system(*ms->as_table(), board.core);
        }
    }

    unsigned bounded(const toml::table& t, std::string_view key, std::string_view where, int64_t low, int64_t high,
                     bool power_of_two) const {
        const toml::node& node = require(t, key, where);
        const int64_t v = integer_of(node, key);
        if (v < low || v > high || (power_of_two && (v & (v - 1)) != 0)) {
            fail_at(line_of(node.source()), "{} in {} must be {}{} .. {}, got {}", key, where,
                    power_of_two ? "a power of two " : "", low, high, v);
        }
        return unsigned(v);
    }

    MemorySystemProfile read_memory_system(const toml::table& t, Core core) const {
        check_keys(t, {"fetch_bytes", "art", "l1"}, "[memory_system]");
        MemorySystemProfile ms;
        ms.line = line_of(t.source());
        ms.fetch_bytes = bounded(t, "fetch_bytes", "[memory_system]", 2, 64, true);
        if (const toml::node* art = t.get("art")) {
            if (!art->is_table()) fail_at(line_of(art->source()), "'art' must be a table");
            const toml::table& a = *art->as_table();
            check_keys(a, {"icache_lines", "dcache_lines", "line_bytes", "itcm_alias_only"}, "[memory_system.art]");
            ArtAccelerator acc;
            acc.icache_lines = bounded(a, "icache_lines", "[memory_system.art]", 1, 4096, false);
            if (a.get("dcache_lines")) acc.dcache_lines = bounded(a, "dcache_lines", "[memory_system.art]", 0, 4096, false);
            acc.line_bytes = bounded(a, "line_bytes", "[memory_system.art]", 4, 256, true);
            if (const toml::node* only = a.get("itcm_alias_only")) {
                if (!only->is_boolean()) fail_at(line_of(only->source()), "'itcm_alias_only' must be true or false");
                acc.itcm_alias_only = *only->value<bool>();
            }
            ms.art = acc;
        }
        if (const toml::node* l1 = t.get("l1")) {
            if (!l1->is_table()) fail_at(line_of(l1->source()), "'l1' must be a table");
            if (core != Core::CortexM7) {
                fail_at(line_of(l1->source()), "[memory_system.l1]: only the Cortex-M7 has L1 caches; remove the table");
            }
            const toml::table& c = *l1->as_table();
            check_keys(c, {"icache_bytes", "dcache_bytes", "icache_ways", "dcache_ways", "line_bytes"},
                       "[memory_system.l1]");
            L1Caches caches;
            // Cortex-M7 cache sizes are 0 or 4..64 KB (Arm CMSIS-Core cache documentation).
            caches.icache_bytes = bounded(c, "icache_bytes", "[memory_system.l1]", 4096, 65536, true);
            caches.dcache_bytes = bounded(c, "dcache_bytes", "[memory_system.l1]", 4096, 65536, true);
            caches.icache_ways = bounded(c, "icache_ways", "[memory_system.l1]", 1, 8, true);
            caches.dcache_ways = bounded(c, "dcache_ways", "[memory_system.l1]", 1, 8, true);
            caches.line_bytes = bounded(c, "line_bytes", "[memory_system.l1]", 16, 64, true);
            ms.l1 = caches;
        }
        return ms;
    }

    // [clock] is optional: without it the clock is fixed at clock_hz.
    void read_clock(const toml::node* node, BoardProfile& board) const {
        board.clock.reset_hz = board.clock_hz;
        if (node == nullptr) return;
        if (!node->is_table()) fail_at(line_of(node->source()), "'clock' must be a table, written [clock]");
        const toml::table& t = *node->as_table();
        board.clock.line = line_of(t.source());
        check_keys(t, {"controller", "reset_hz", "hse_hz"}, "[clock]");
        board.clock.controller =
            ClockControllerKind(named_value(require(t, "controller", "[clock]"), "clock controller", kControllers));
        const toml::node& reset = require(t, "reset_hz", "[clock]");
        const int64_t reset_hz = integer_of(reset, "reset_hz");
        if (reset_hz <= 0 || uint64_t(reset_hz) > board.clock_hz) {
            fail_at(line_of(reset.source()), "reset_hz must be positive and at most clock_hz ({}), got {}",
                    board.clock_hz, reset_hz);
        }
        board.clock.reset_hz = uint64_t(reset_hz);
        if (board.clock.controller == ClockControllerKind::Fixed && board.clock.reset_hz != board.clock_hz) {
            fail_at(line_of(reset.source()), "a fixed clock runs at clock_hz: reset_hz must equal clock_hz ({}), got {}",
                    board.clock_hz, reset_hz);
        }
        if (const toml::node* hse = t.get("hse_hz")) {
            const int64_t hz = integer_of(*hse, "hse_hz");
            // RM0090/RM0385/RM0433: the HSE oscillator or bypass input runs at most at 50 MHz.
            if (hz < 0 || hz > 50'000'000) {
                fail_at(line_of(hse->source()), "hse_hz must be 0 (no crystal) .. 50000000, got {}", hz);
            }
            board.clock.hse_hz = uint64_t(hz);
        }
    }

    void check_fpu(const BoardProfile& board, int line) const {
        const bool m4 = board.core == Core::CortexM4;
        const bool ok = m4 ? std::find(kFpusM4.begin(), kFpusM4.end(), board.fpu) != kFpusM4.end()
                           : std::find(kFpusM7.begin(), kFpusM7.end(), board.fpu) != kFpusM7.end();
        if (!ok) {
            fail_at(line, "unknown fpu '{}' for {}; use one of: {}", board.fpu, to_string(board.core),
                    m4 ? join_names(kFpusM4) : join_names(kFpusM7));
        }
    }

    void read_peripherals(const toml::table& table, BoardProfile& board) {
        check_keys(table, {"policy", "ranges"}, "[peripherals]");
        board.peripheral_policy = PeripheralPolicy(named_value(require(table, "policy", "[peripherals]"),
                                                               "peripheral policy", kPolicies));
        const toml::node* ranges = table.get("ranges");
        if (ranges == nullptr) return;
        if (!ranges->is_array()) fail_at(line_of(ranges->source()), "'ranges' must be an array of inline tables");
        for (const toml::node& node : *ranges->as_array()) {
            if (!node.is_table()) {
                fail_at(line_of(node.source()), "each peripheral range must be an inline table {{ name, base, size }}");
            }
            const toml::table& t = *node.as_table();
            check_keys(t, {"name", "base", "size"}, "a peripheral range");
            PeripheralRange range;
            range.line = line_of(t.source());
            count_mapped_range(range.line);
            range.name = string_of(require(t, "name", "a peripheral range"), "name");
            range.base = u32_of(require(t, "base", "peripheral range '" + range.name + "'"), "base");
            range.size = u32_of(require(t, "size", "peripheral range '" + range.name + "'"), "size");
            check_span(range.base, range.size, "peripheral range '" + range.name + "'", range.line);
            board.peripherals.push_back(range);
        }
    }

    MemoryRegion read_region(const toml::table& t) {
        check_keys(t, {"name", "kind", "base", "size", "executable", "wait_states", "aliases"}, "[[region]]");
        MemoryRegion r;
        r.line = line_of(t.source());
        count_mapped_range(r.line);
        r.name = string_of(require(t, "name", "[[region]]"), "name");
        check_region_name(r.name, r.line);
        const std::string where = "region '" + r.name + "'";
        r.kind = RegionKind(named_value(require(t, "kind", where), "kind", kKinds));
        r.base = u32_of(require(t, "base", where), "base");
        r.size = u32_of(require(t, "size", where), "size");
        check_span(r.base, r.size, where, r.line);
        const toml::node& exec = require(t, "executable", where);
        if (!exec.is_boolean()) fail_at(line_of(exec.source()), "'executable' must be true or false");
        r.executable = *exec.value<bool>();
        if (const toml::node* ws = t.get("wait_states")) {
            const int64_t v = integer_of(*ws, "wait_states");
            if (v < 0 || v > 64) fail_at(line_of(ws->source()), "wait_states must be 0 .. 64, got {}", v);
            r.wait_states = unsigned(v);
        }
        if (const toml::node* aliases = t.get("aliases")) {
            if (!aliases->is_array()) fail_at(line_of(aliases->source()), "'aliases' must be an array of addresses");
            for (const toml::node& a : *aliases->as_array()) {
                count_mapped_range(line_of(a.source()));
                const uint32_t alias = u32_of(a, "alias");
                check_span(alias, r.size, fmt::format("alias {:#010x} of {}", alias, where), line_of(a.source()));
                r.aliases.push_back(alias);
            }
        }
        return r;
    }

    // Names become linker MEMORY names and section names: keep them plain.
    void check_region_name(const std::string& name, int line) const {
        const bool ok = !name.empty() && std::isalpha(static_cast<unsigned char>(name[0])) &&
                        std::all_of(name.begin(), name.end(), [](char c) {
                            return std::islower(static_cast<unsigned char>(c)) ||
                                   std::isdigit(static_cast<unsigned char>(c)) || c == '_';
                        });
        if (!ok) {
            fail_at(line, "region name '{}' must start with a lowercase letter and use only a-z, 0-9 and _", name);
        }
    }

    void count_mapped_range(int line) {
        if (++mapped_ranges_ > kMaxMappedRanges) {
            fail_at(line, "more than {} memory regions, aliases and peripheral ranges in all, the most the emulator "
                          "maps; merge adjacent ranges",
                    kMaxMappedRanges);
        }
    }

    void check_span(uint32_t base, uint32_t size, const std::string& what, int line) const {
        if (size == 0) fail_at(line, "{} has size 0", what);
        if (base % kPage != 0) {
            fail_at(line, "{} base {:#010x} is not a multiple of 1 KB (memory maps in 1 KB pages)", what, base);
        }
        if (size % kPage != 0) {
            fail_at(line, "{} size {:#x} is not a multiple of 1 KB (memory maps in 1 KB pages)", what, size);
        }
        if (uint64_t(base) + size > kAddressSpace) {
            fail_at(line, "{} [{:#010x} + {:#x}] runs past the end of the 4 GiB address space", what, base, size);
        }
        if (base < kPpbEnd && uint64_t(base) + size > kPpbBase) {
            fail_at(line, "{} [{:#010x}, {:#010x}) overlaps the Private Peripheral Bus [{:#010x}, {:#010x}) (NVIC, "
                          "SysTick, DWT, ITM), which the emulator models itself; leave it out of the profile",
                    what, base, uint64_t(base) + size, kPpbBase, kPpbEnd);
        }
    }

    struct Span {
        uint64_t begin, end;
        std::string what;
        int line;
    };

    void validate(const BoardProfile& board) const {
        std::vector<Span> spans;
        for (size_t i = 0; i < board.regions.size(); ++i) {
            const MemoryRegion& r = board.regions[i];
            for (size_t j = 0; j < i; ++j) {
                if (board.regions[j].name == r.name) {
                    fail_at(r.line, "duplicate region name '{}' (first used on line {})", r.name, board.regions[j].line);
                }
            }
            spans.push_back({r.base, r.end(), fmt::format("region '{}'", r.name), r.line});
            for (uint32_t a : r.aliases) {
                spans.push_back({a, uint64_t(a) + r.size, fmt::format("alias {:#010x} of region '{}'", a, r.name), r.line});
            }
        }
        for (const PeripheralRange& p : board.peripherals) {
            spans.push_back({p.base, p.end(), fmt::format("peripheral range '{}'", p.name), p.line});
        }
        for (size_t i = 0; i < spans.size(); ++i) {
            for (size_t j = 0; j < i; ++j) {
                const Span& a = spans[j];
                const Span& b = spans[i];
                if (a.begin < b.end && b.begin < a.end) {
                    const Span& later = a.line > b.line ? a : b;
                    const Span& earlier = a.line > b.line ? b : a;
                    fail_at(later.line, "{} [{:#010x}, {:#010x}) overlaps {} [{:#010x}, {:#010x}) from line {}",
                            later.what, later.begin, later.end, earlier.what, earlier.begin, earlier.end, earlier.line);
                }
            }
        }
        uint64_t memory = 0;
        for (const MemoryRegion& r : board.regions) {
            memory += r.size;  // at most kMaxMappedRanges sizes below 4 GiB: no overflow
            if (memory > kMaxMemoryBytes) {
                fail_at(r.line, "the memory regions up to region '{}' add up to {} bytes, over the limit of {} MiB "
                                "the emulator allocates for a board; give the part's real sizes",
                        r.name, memory, kMaxMemoryBytes >> 20);
            }
        }
        const bool has_flash = std::any_of(board.regions.begin(), board.regions.end(),
                                           [](const MemoryRegion& r) { return r.kind == RegionKind::Flash; });
        if (!has_flash) fail_at(1, "the profile has no flash region; add a [[region]] with kind = \"flash\"");
        if (board.ram_regions().empty()) {
            fail_at(1, "the profile has no RAM region; add a [[region]] with kind = \"sram\", \"tcm\" or \"ccm\"");
        }
        if (board.sram_budget_default > board.total_ram_bytes()) {
            fail_at(budget_line_, "sram_budget_default {} bytes is larger than the {} bytes of RAM the regions provide",
                    board.sram_budget_default, board.total_ram_bytes());
        }
        if (!board.main_ram.empty()) {
            const MemoryRegion* main = board.find_region(board.main_ram);
            if (main == nullptr || main->kind == RegionKind::Flash) {
                fail_at(main_ram_line_, "main_ram '{}' is not the name of a RAM region in this profile", board.main_ram);
            }
        }
    }

    std::string path_;
    size_t mapped_ranges_ = 0;
    int budget_line_ = 1;
    int main_ram_line_ = 1;
};

std::vector<std::string> board_names(const std::string& dir) {
    std::vector<std::string> names;
    std::error_code ec;
    for (const auto& entry : std::filesystem::directory_iterator(dir, ec)) {
        if (entry.is_regular_file() && entry.path().extension() == ".toml") names.push_back(entry.path().stem().string());
    }
    if (ec) fail("cannot list board profiles in {}: {}; set MCUPROF_PROFILES to the profiles directory", dir, ec.message());
    std::sort(names.begin(), names.end());
    return names;
}

}  // namespace

const MemoryRegion& BoardProfile::flash() const {
    for (const MemoryRegion& r : regions) {
        if (r.kind == RegionKind::Flash) return r;
    }
    fail("board '{}' has no flash region", name);
}

std::vector<const MemoryRegion*> BoardProfile::ram_regions() const {
    std::vector<const MemoryRegion*> out;
    for (const MemoryRegion& r : regions) {
        if (r.kind != RegionKind::Flash) out.push_back(&r);
    }
    return out;
}

const MemoryRegion* BoardProfile::region_at(uint32_t address) const {
    for (const MemoryRegion& r : regions) {
        if (r.contains(address)) return &r;
        for (uint32_t a : r.aliases) {
            if (address >= a && address - a < r.size) return &r;
        }
    }
    return nullptr;
}

uint64_t BoardProfile::total_ram_bytes() const {
    uint64_t total = 0;
    for (const MemoryRegion* r : ram_regions()) total += r->size;
    return total;
}

const MemoryRegion& BoardProfile::main_ram_region() const {
    if (!main_ram.empty()) {
        const MemoryRegion* r = find_region(main_ram);
        if (r == nullptr || r->kind == RegionKind::Flash) fail("board '{}': main_ram '{}' is not a RAM region", name, main_ram);
        return *r;
    }
    const auto ram = ram_regions();
    if (ram.empty()) fail("board '{}' has no RAM region", name);
    return *ram.front();
}

const MemoryRegion* BoardProfile::find_region(const std::string& region_name) const {
    for (const MemoryRegion& r : regions) {
        if (r.name == region_name) return &r;
    }
    return nullptr;
}

const PeripheralRange* BoardProfile::peripheral_at(uint32_t address) const {
    for (const PeripheralRange& p : peripherals) {
        if (p.contains(address)) return &p;
    }
    return nullptr;
}

const char* to_string(Core core) { return core == Core::CortexM4 ? "cortex-m4" : "cortex-m7"; }

const char* to_string(RegionKind kind) {
    for (const NamedValue& n : kKinds) {
        if (n.value == int(kind)) return n.name.data();
    }
    return "unknown";
}

const char* to_string(ClockControllerKind controller) {
    for (const NamedValue& n : kControllers) {
        if (n.value == int(controller)) return n.name.data();
    }
    return "unknown";
}

const char* to_string(PeripheralPolicy policy) { return policy == PeripheralPolicy::Trap ? "trap" : "tolerate"; }

BoardProfile load_board_profile(const std::string& path) { return ProfileReader(path).read(); }

BoardProfile parse_board_profile(std::string_view text, const std::string& path) {
    return ProfileReader(path).parse(text);
}

std::string profiles_directory() {
    const char* env = std::getenv("MCUPROF_PROFILES");
    if (env != nullptr && *env != '\0') return env;
    return MCUPROF_PROFILES_DIR;
}

BoardProfile find_board(const std::string& name_or_path) {
    const std::filesystem::path given(name_or_path);
    if (name_or_path.find('/') != std::string::npos || given.extension() == ".toml") {
        return load_board_profile(name_or_path);
    }
    const std::string dir = profiles_directory();
    const std::filesystem::path file = std::filesystem::path(dir) / (name_or_path + ".toml");
    if (!std::filesystem::is_regular_file(file)) {
        const std::vector<std::string> names = board_names(dir);
        fail("unknown board '{}'; available boards: {} (profiles in {}; set MCUPROF_PROFILES to use another "
             "directory, or give a path to a .toml file)",
             name_or_path, names.empty() ? std::string("none") : join_names(names), dir);
    }
    return load_board_profile(file.string());
}

std::vector<BoardProfile> list_boards() {
    const std::string dir = profiles_directory();
    std::vector<BoardProfile> boards;
    for (const std::string& name : board_names(dir)) {
        boards.push_back(load_board_profile((std::filesystem::path(dir) / (name + ".toml")).string()));
    }
    return boards;
}

}  // namespace mcuprof
