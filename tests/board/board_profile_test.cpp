// Board profiles: the shipped profiles carry the real parts' figures, and every
// malformed profile is rejected with "<file>:<line>: <reason>".
#include "emulator/board/board_profile.hpp"
#include "emulator/text/error.hpp"
#include "scratch_dir_support.hpp"

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

namespace mcuprof {
namespace {

constexpr uint64_t KB = 1024;
const std::string kProfiles = std::string(MCUPROF_SOURCE_DIR) + "/profiles";

class BoardProfileTest : public test::ScratchDir {
protected:
    void SetUp() override {
        ScratchDir::SetUp();
        setenv("MCUPROF_PROFILES", kProfiles.c_str(), 1);
    }
    void TearDown() override {
        unsetenv("MCUPROF_PROFILES");
        ScratchDir::TearDown();
    }

    std::string write(const std::string& name, const std::string& text) {
        const std::string path = (dir_ / name).string();
        std::ofstream(path) << text;
        return path;
    }
};

const MemoryRegion& region(const BoardProfile& b, const std::string& name) {
    const MemoryRegion* r = b.find_region(name);
    if (r == nullptr) throw Error("no region " + name);
    return *r;
}

// RAM bytes the budget covers when it fills regions in file order.
uint64_t covered_by_budget(const BoardProfile& b, const std::string& last_region) {
    uint64_t sum = 0;
    for (const MemoryRegion* r : b.ram_regions()) {
        sum += r->size;
        if (r->name == last_region) break;
    }
    return sum;
}

TEST_F(BoardProfileTest, ListsEveryShippedProfileSortedByName) {
    const std::vector<BoardProfile> boards = list_boards();
    std::vector<std::string> names;
    for (const BoardProfile& b : boards) names.push_back(b.name);
    EXPECT_EQ(names, (std::vector<std::string>{"mps2-an386", "mps2-an500", "stm32f427", "stm32f746", "stm32h743"}));
}

TEST_F(BoardProfileTest, Stm32f427HasTheRealMemoryMap) {
    const BoardProfile b = find_board("stm32f427");
    EXPECT_EQ(b.core, Core::CortexM4);
    EXPECT_EQ(b.fpu, "fpv4-sp-d16");
    EXPECT_EQ(b.clock_hz, 180000000u);
    EXPECT_EQ(b.flash().base, 0x08000000u);
    EXPECT_EQ(b.flash().size, 1024 * KB);
    EXPECT_EQ(b.flash().wait_states, 5u);
    EXPECT_EQ(region(b, "sram1").base, 0x20000000u);
    EXPECT_EQ(region(b, "sram1").size, 112 * KB);
    EXPECT_EQ(region(b, "sram2").base, 0x2001C000u);
    EXPECT_EQ(region(b, "sram3").base, 0x20020000u);
    EXPECT_EQ(region(b, "sram3").size, 64 * KB);
    EXPECT_EQ(region(b, "ccm").base, 0x10000000u);
    EXPECT_EQ(region(b, "ccm").kind, RegionKind::Ccm);
    EXPECT_FALSE(region(b, "ccm").executable);
    EXPECT_EQ(region(b, "backup").base, 0x40024000u);
    // 192 KB SRAM + 64 KB CCM is the paper's 256 KB; the budget covers exactly those.
    EXPECT_EQ(b.sram_budget_default, 256 * KB);
    EXPECT_EQ(covered_by_budget(b, "ccm"), 256 * KB);
    EXPECT_EQ(b.total_ram_bytes(), 260 * KB);  // plus the 4 KB backup SRAM
    EXPECT_EQ(b.main_ram_region().name, "sram1");
    EXPECT_EQ(b.peripheral_policy, PeripheralPolicy::Trap);
    EXPECT_NE(b.peripheral_at(0x40023800), nullptr);  // RCC
    EXPECT_EQ(b.peripheral_at(0x40024000), nullptr);  // the backup SRAM is memory
    EXPECT_EQ(b.region_at(0x40024FFF), &region(b, "backup"));
}

TEST_F(BoardProfileTest, Stm32f746HasTheRealMemoryMap) {
    const BoardProfile b = find_board("stm32f746");
    EXPECT_EQ(b.core, Core::CortexM7);
    EXPECT_EQ(b.fpu, "fpv5-sp-d16");
    EXPECT_EQ(b.clock_hz, 216000000u);
    EXPECT_EQ(b.flash().size, 1024 * KB);
    EXPECT_EQ(b.flash().wait_states, 7u);
    EXPECT_EQ(b.region_at(0x00200000), &b.flash());  // the ITCM-interface alias
    EXPECT_EQ(region(b, "dtcm").base, 0x20000000u);
    EXPECT_EQ(region(b, "dtcm").size, 64 * KB);
    EXPECT_EQ(region(b, "sram1").base, 0x20010000u);
    EXPECT_EQ(region(b, "sram1").size, 240 * KB);
    EXPECT_EQ(region(b, "sram2").base, 0x2004C000u);
    EXPECT_EQ(region(b, "itcm").base, 0x00000000u);
    EXPECT_EQ(b.sram_budget_default, 320 * KB);
    EXPECT_EQ(covered_by_budget(b, "sram2"), 320 * KB);
    EXPECT_EQ(b.total_ram_bytes(), 340 * KB);  // + 16 KB ITCM RAM + 4 KB backup SRAM
}

TEST_F(BoardProfileTest, Stm32h743HasTheRealMemoryMap) {
    const BoardProfile b = find_board("stm32h743");
    EXPECT_EQ(b.core, Core::CortexM7);
    EXPECT_EQ(b.fpu, "fpv5-d16");
    EXPECT_EQ(b.clock_hz, 480000000u);
    EXPECT_EQ(b.flash().size, 2048 * KB);
    const MemoryRegion& axi = *b.ram_regions().front();
    EXPECT_EQ(axi.name, "axi_sram");
    EXPECT_EQ(axi.base, 0x24000000u);
    EXPECT_EQ(axi.size, 512 * KB);
    EXPECT_EQ(b.sram_budget_default, axi.size);
    EXPECT_EQ(region(b, "dtcm").size, 128 * KB);
    EXPECT_EQ(region(b, "sram4").base, 0x38000000u);
    EXPECT_EQ(region(b, "backup").base, 0x38800000u);
    EXPECT_EQ(b.region_at(0x10000000), &region(b, "sram1"));
    EXPECT_EQ(b.total_ram_bytes(), 1060 * KB);  // 192 KB TCM + 864 KB SRAM + 4 KB backup
}

TEST_F(BoardProfileTest, Mps2ProfilesModelQemuMachines) {
    const BoardProfile m4 = find_board("mps2-an386");
    EXPECT_EQ(m4.qemu_machine, "mps2-an386");
    EXPECT_EQ(m4.core, Core::CortexM4);
    EXPECT_EQ(m4.flash().base, 0u);  // QEMU reads the vector table at 0
    EXPECT_EQ(m4.main_ram_region().base, 0x20000000u);
    EXPECT_EQ(m4.region_at(0x0100C000), &region(m4, "blockram"));
    const BoardProfile m7 = find_board("mps2-an500");
    EXPECT_EQ(m7.qemu_machine, "mps2-an500");
    EXPECT_EQ(m7.core, Core::CortexM7);
    EXPECT_EQ(region(m7, "psram").base, 0x60000000u);
    EXPECT_EQ(m7.find_region("blockram"), nullptr);
}

TEST_F(BoardProfileTest, FindsBoardsByPathAndHonoursTheEnvironment) {
    EXPECT_EQ(find_board(kProfiles + "/stm32f746.toml").name, "stm32f746");
    const std::string copy = write("myboard.toml", [] {
        std::ifstream in(kProfiles + "/stm32f427.toml");
        return std::string(std::istreambuf_iterator<char>(in), {});
    }());
    setenv("MCUPROF_PROFILES", dir_.c_str(), 1);
    EXPECT_EQ(profiles_directory(), dir_.string());
    EXPECT_EQ(find_board("myboard").name, "myboard");
    EXPECT_EQ(list_boards().size(), 1u);
}

TEST_F(BoardProfileTest, UnknownBoardListsTheAvailableOnes) {
    try {
        find_board("stm32f999");
        FAIL() << "expected an error";
    } catch (const Error& e) {
        const std::string m = e.what();
        EXPECT_NE(m.find("unknown board 'stm32f999'"), std::string::npos) << m;
        EXPECT_NE(m.find("mps2-an386, mps2-an500, stm32f427, stm32f746, stm32h743"), std::string::npos) << m;
    }
}

// A small valid profile; each malformed case changes one piece of it.
const std::string kValid = R"(description = "test board"
core = "cortex-m4"
fpu = "fpv4-sp-d16"
clock_hz = 100_000_000
sram_budget_default = 65536

[peripherals]
policy = "trap"
ranges = [
  { name = "periph", base = 0x4000_0000, size = 0x1000_0000 },
]

[[region]]
name = "flash"
kind = "flash"
base = 0x0800_0000
size = 0x0004_0000
executable = true
wait_states = 2

[[region]]
name = "sram"
kind = "sram"
base = 0x2000_0000
size = 0x0001_0000
executable = true
)";

std::string replaced(std::string text, const std::string& from, const std::string& to) {
    const size_t at = text.find(from);
    if (at == std::string::npos) throw Error("test bug: no '" + from + "' in the profile");
    return text.replace(at, from.size(), to);
}

struct BadCase {
    std::string name;
    std::string text;
    int line;
    std::string reason;
};

void PrintTo(const BadCase& c, std::ostream* os) { *os << c.name; }

// kValid with a [clock] table at line 8 (controller 9, reset_hz 10, hse_hz 11).
std::string with_clock(const std::string& controller, const std::string& reset_hz, const std::string& hse_hz) {
    return replaced(kValid, "[peripherals]",
                    "[clock]\ncontroller = " + controller + "\nreset_hz = " + reset_hz + "\nhse_hz = " + hse_hz +
                        "\n\n[peripherals]");
}

class MalformedProfileTest : public BoardProfileTest, public ::testing::WithParamInterface<BadCase> {};

TEST_F(BoardProfileTest, TheValidTemplateLoads) {
    const BoardProfile b = load_board_profile(write("valid.toml", kValid));
    EXPECT_EQ(b.name, "valid");
    EXPECT_EQ(b.regions.size(), 2u);
    EXPECT_EQ(b.peripherals.at(0).line, 10);
    EXPECT_EQ(b.regions.at(1).line, 21);
}

TEST_P(MalformedProfileTest, NamesFileLineAndReason) {
    const BadCase& c = GetParam();
    const std::string path = write(c.name + ".toml", c.text);
    try {
        load_board_profile(path);
        FAIL() << "expected an error for " << c.name;
    } catch (const Error& e) {
        const std::string m = e.what();
        const std::string where = path + ":" + std::to_string(c.line) + ": ";
        EXPECT_EQ(m.rfind(where, 0), 0u) << m;
        EXPECT_NE(m.find(c.reason), std::string::npos) << m;
        EXPECT_EQ(m.find('\n'), std::string::npos) << "one line: " << m;
    }
}

const std::string kSecondRam = "\n[[region]]\nname = \"more\"\nkind = \"sram\"\nbase = 0x2000_8000\nsize = 0x400\n"
                               "executable = true\n";

INSTANTIATE_TEST_SUITE_P(
    Cases, MalformedProfileTest,
    ::testing::Values(
        BadCase{"bad_toml", replaced(kValid, "core = \"cortex-m4\"", "core = \"cortex-m4"), 2, "malformed TOML"},
        BadCase{"unknown_top_key", replaced(kValid, "clock_hz", "colour = 1\nclock_hz"), 4,
                "unknown key 'colour' in the profile"},
        BadCase{"unknown_region_key", replaced(kValid, "wait_states = 2", "wait_states = 2\nspeed = 3"), 20,
                "unknown key 'speed' in [[region]]"},
        BadCase{"unknown_core", replaced(kValid, "cortex-m4", "cortex-m3"), 2, "unknown core 'cortex-m3'"},
        BadCase{"fpu_for_other_core", replaced(kValid, "fpv4-sp-d16", "fpv5-d16"), 3,
                "unknown fpu 'fpv5-d16' for cortex-m4"},
        BadCase{"unknown_kind", replaced(kValid, "kind = \"sram\"", "kind = \"dram\""), 23, "unknown kind 'dram'"},
        BadCase{"unknown_policy", replaced(kValid, "\"trap\"", "\"ignore\""), 8, "unknown peripheral policy 'ignore'"},
        BadCase{"size_zero", replaced(kValid, "size = 0x0001_0000", "size = 0"), 21, "region 'sram' has size 0"},
        BadCase{"unaligned_base", replaced(kValid, "base = 0x2000_0000", "base = 0x2000_0100"), 21,
                "base 0x20000100 is not a multiple of 1 KB"},
        BadCase{"unaligned_size", replaced(kValid, "size = 0x0001_0000", "size = 1000"), 21,
                "size 0x3e8 is not a multiple of 1 KB"},
        BadCase{"overlap", kValid + kSecondRam, 28, "region 'more' [0x20008000, 0x20008400) overlaps region 'sram'"},
        BadCase{"alias_overlap", replaced(kValid, "wait_states = 2", "wait_states = 2\naliases = [0x2000_0000]"), 22,
                "region 'sram' [0x20000000, 0x20010000) overlaps alias 0x20000000 of region 'flash'"},
        BadCase{"peripheral_overlap", replaced(kValid, "base = 0x4000_0000", "base = 0x2000_0000"), 21,
                "overlaps peripheral range 'periph'"},
        BadCase{"no_flash", replaced(kValid, "kind = \"flash\"", "kind = \"sram\""), 1, "no flash region"},
        BadCase{"no_ram", replaced(kValid, "kind = \"sram\"", "kind = \"flash\""), 1, "no RAM region"},
        BadCase{"clock_zero", replaced(kValid, "100_000_000", "0"), 4, "clock_hz must be positive"},
        BadCase{"budget_too_big", replaced(kValid, "65536", "65537"), 5,
                "sram_budget_default 65537 bytes is larger than the 65536 bytes of RAM"},
        BadCase{"past_4gib", replaced(replaced(kValid, "base = 0x2000_0000", "base = 0xFFFF_FC00"), "size = 0x0001_0000",
                                      "size = 0x800"),
                21, "runs past the end of the 4 GiB address space"},
        BadCase{"base_over_32_bits", replaced(kValid, "base = 0x2000_0000", "base = 0x1_0000_0000"), 24,
                "'base' = 4294967296 is outside the 32-bit address space"},
        BadCase{"negative_size", replaced(kValid, "size = 0x0001_0000", "size = -1024"), 25,
                "'size' = -1024 is outside the 32-bit address space"},
        BadCase{"missing_size", replaced(kValid, "size = 0x0001_0000\n", ""), 21, "region 'sram' is missing the key 'size'"},
        BadCase{"missing_core", replaced(kValid, "core = \"cortex-m4\"\n", ""), 1, "missing the key 'core'"},
        BadCase{"wrong_type", replaced(kValid, "100_000_000", "\"fast\""), 4, "'clock_hz' must be an integer"},
        BadCase{"duplicate_name", replaced(kValid + kSecondRam, "name = \"more\"", "name = \"sram\""), 28,
                "duplicate region name 'sram'"},
        BadCase{"main_ram_is_flash", replaced(kValid, "sram_budget_default", "main_ram = \"flash\"\nsram_budget_default"),
                5, "main_ram 'flash' is not the name of a RAM region"},
        BadCase{"bad_region_name", replaced(kValid, "name = \"sram\"", "name = \"S-RAM\""), 21,
                "region name 'S-RAM' must start with a lowercase letter"},
        BadCase{"clock_unknown_controller", with_clock("\"stm32f1\"", "16_000_000", "8_000_000"), 8,
                "unknown clock controller 'stm32f1'; use one of: fixed, stm32f4, stm32f7, stm32h7"},
        BadCase{"clock_reset_above_max", with_clock("\"stm32f4\"", "200_000_000", "8_000_000"), 9,
                "reset_hz must be positive and at most clock_hz (100000000), got 200000000"},
        BadCase{"clock_reset_zero", with_clock("\"stm32f4\"", "0", "8_000_000"), 9, "reset_hz must be positive"},
        BadCase{"clock_fixed_not_max", with_clock("\"fixed\"", "16_000_000", "0"), 9,
                "a fixed clock runs at clock_hz: reset_hz must equal clock_hz (100000000), got 16000000"},
        BadCase{"clock_hse_too_fast", with_clock("\"stm32f4\"", "16_000_000", "80_000_000"), 10,
                "hse_hz must be 0 (no crystal) .. 50000000, got 80000000"},
        BadCase{"clock_unknown_key", replaced(with_clock("\"stm32f4\"", "16_000_000", "8_000_000"), "hse_hz",
                                              "pll_m = 8\nhse_hz"),
                10, "unknown key 'pll_m' in [clock]"},
        BadCase{"clock_missing_reset", replaced(with_clock("\"stm32f4\"", "16_000_000", "8_000_000"),
                                                "reset_hz = 16_000_000\n", ""),
                7, "[clock] is missing the key 'reset_hz'"}),
    [](const ::testing::TestParamInfo<BadCase>& info) { return info.param.name; });

TEST_F(BoardProfileTest, AProfileWithoutClockTableHasAFixedClockAtClockHz) {
    const BoardProfile b = load_board_profile(write("valid.toml", kValid));
    EXPECT_EQ(b.clock.controller, ClockControllerKind::Fixed);
    EXPECT_EQ(b.clock.reset_hz, 100'000'000u);
    EXPECT_EQ(b.clock.hse_hz, 0u);
}

TEST_F(BoardProfileTest, ReadsTheClockTable) {
    const BoardProfile b = load_board_profile(write("clock.toml", with_clock("\"stm32h7\"", "64_000_000", "25_000_000")));
    EXPECT_EQ(b.clock.controller, ClockControllerKind::Stm32h7);
    EXPECT_EQ(b.clock.reset_hz, 64'000'000u);
    EXPECT_EQ(b.clock.hse_hz, 25'000'000u);
    EXPECT_EQ(b.clock.line, 7);
    EXPECT_STREQ(to_string(b.clock.controller), "stm32h7");
}

TEST_F(BoardProfileTest, ShippedStm32ProfilesNameTheirClockControllerResetClockAndCrystal) {
    const BoardProfile f4 = find_board("stm32f427");
    EXPECT_EQ(f4.clock.controller, ClockControllerKind::Stm32f4);
    EXPECT_EQ(f4.clock.reset_hz, 16'000'000u);
    EXPECT_EQ(f4.clock.hse_hz, 8'000'000u);
    const BoardProfile f7 = find_board("stm32f746");
    EXPECT_EQ(f7.clock.controller, ClockControllerKind::Stm32f7);
    EXPECT_EQ(f7.clock.reset_hz, 16'000'000u);
    EXPECT_EQ(f7.clock.hse_hz, 25'000'000u);
    const BoardProfile h7 = find_board("stm32h743");
    EXPECT_EQ(h7.clock.controller, ClockControllerKind::Stm32h7);
    EXPECT_EQ(h7.clock.reset_hz, 64'000'000u);
    EXPECT_EQ(h7.clock.hse_hz, 8'000'000u);
    const BoardProfile mps2 = find_board("mps2-an386");
    EXPECT_EQ(mps2.clock.controller, ClockControllerKind::Fixed);
    EXPECT_EQ(mps2.clock.reset_hz, mps2.clock_hz);
}

TEST_F(BoardProfileTest, MissingFileIsOneClearError) {
    try {
        load_board_profile("/nonexistent/board.toml");
        FAIL() << "expected an error";
    } catch (const Error& e) {
        EXPECT_STREQ(e.what(), "/nonexistent/board.toml: cannot open the board profile: No such file or directory; "
                               "check the path");
    }
}

}  // namespace
}  // namespace mcuprof
