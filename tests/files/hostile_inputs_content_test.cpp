// Hostile contents of the files mcuprof reads (issue 12): nesting deep enough
// to overflow the TOML and YAML parsers' stacks, YAML that silently drops
// what the user wrote (duplicate keys, a second document), non-finite
// tolerances, and board profiles that the emulator could not map (more ranges
// than Unicorn accepts, the Private Peripheral Bus, gigabytes of memory).
// Every one is refused with one line naming the file and line.
#include "emulator/board/board_profile.hpp"
#include "emulator/text/error.hpp"
#include "paths_support.hpp"
#include "process_support.hpp"
#include "scratch_dir_support.hpp"
#include "tools/check/budgets.hpp"
#include "tools/model/model_config.hpp"

#include <gtest/gtest.h>


#include <filesystem>
#include <fstream>
#include <functional>
#include <sstream>
#include <string>

namespace mcuprof {
namespace {

namespace fs = std::filesystem;

std::string error_of(const std::function<void()>& read) {
    try {
        read();
    } catch (const Error& e) {
        return e.what();
    }
    return "(accepted)";
}

std::string repeat(const std::string& s, int n) {
    std::string out;
    for (int i = 0; i < n; ++i) out += s;
    return out;
}

std::string source_file(const std::string& relative) {
    std::ifstream in(std::string(MCUPROF_SOURCE_DIR) + "/" + relative, std::ios::binary);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

std::string profile_error(const std::string& text) {
    return error_of([&] { parse_board_profile(text, "hostile.toml"); });
}
std::string budgets_error(const std::string& text) {
    return error_of([&] { check::parse_budgets(text, "hostile-budgets.toml"); });
}
std::string model_error(const std::string& text) {
    return error_of([&] { planner::parse_model_config(text, "hostile.yaml"); });
}

void expect_starts(const std::string& message, const std::string& prefix) {
    EXPECT_EQ(message.rfind(prefix, 0), 0u) << message;
    EXPECT_EQ(message.find('\n'), std::string::npos) << message;
}

// ---- nesting depth ---------------------------------------------------------

const std::string kTooDeep = "nested more than 64 levels deep";

TEST(HostileNesting, TomlDottedKeysAndHeadersOfTensOfThousandsOfLevels) {
    const std::string dotted = "a" + repeat(".a", 100000) + " = 1\n";
    const std::string header = "x = 1\n[a" + repeat(".a", 100000) + "]\n";
    const std::string array_tables = "\n\n[[a" + repeat(".a", 100000) + "]]\n";
    expect_starts(profile_error(dotted), "hostile.toml:1: " + kTooDeep);
    expect_starts(profile_error(header), "hostile.toml:2: " + kTooDeep);
    expect_starts(profile_error(array_tables), "hostile.toml:3: " + kTooDeep);
    expect_starts(budgets_error(dotted), "hostile-budgets.toml:1: " + kTooDeep);
    expect_starts(budgets_error(header), "hostile-budgets.toml:2: " + kTooDeep);
}

TEST(HostileNesting, TomlArraysInlineTablesAndMixes) {
    expect_starts(profile_error("x = " + repeat("[", 100) + repeat("]", 100) + "\n"), "hostile.toml:1: " + kTooDeep);
    expect_starts(budgets_error("x = " + repeat("{ a = ", 100) + "1" + repeat(" }", 100) + "\n"),
                  "hostile-budgets.toml:1: " + kTooDeep);
    // 20 header levels + 20 dotted + 30 inline-table levels: 70 in all.
    const std::string mix = "[t" + repeat(".t", 19) + "]\nk" + repeat(".k", 19) + " = " + repeat("{ a = ", 30) +
                            "1" + repeat(" }", 30) + "\n";
    expect_starts(budgets_error(mix), "hostile-budgets.toml:2: " + kTooDeep);
    // Arrays spanning lines: x is level 1, the [ on line n opens level n + 1.
    expect_starts(profile_error("x = [\n" + repeat("[\n", 70) + "]"), "hostile.toml:64: " + kTooDeep);
}

TEST(HostileNesting, TomlAtTheLimitReachesTheReaderAndStringsDoNotCount) {
    // 64 levels pass the depth check; the profile reader then names the key.
    const std::string at_limit = "a" + repeat(".a", 63) + " = 1\n";
    expect_starts(profile_error(at_limit), "hostile.toml:1: unknown key 'a'");
    // Brackets and dots inside strings and comments are text.
    std::string profile = source_file("profiles/stm32f746.toml");
    const size_t description = profile.find("description = ");
    profile.erase(description, profile.find('\n', description) - description);
    profile.insert(description, "description = \"" + repeat("[{a.", 200) + "'\\\"\"\n" +  //
                                    "# " + repeat("[a.", 200) + "\n" +                       //
                                    "qemu_machine = '''" + repeat("[[.", 100) + "\n" + repeat("{.", 100) + "'''");
    EXPECT_EQ(profile_error(profile), "(accepted)");
}

TEST(HostileNesting, YamlFlowBlockAndCompactNesting) {
    expect_starts(model_error(repeat("[", 100000)), "hostile.yaml:1: " + kTooDeep);
    expect_starts(model_error("name: " + repeat("{a: ", 100000)), "hostile.yaml:1: " + kTooDeep);
    std::string block;
    for (int i = 0; i < 100; ++i) block += std::string(size_t(i), ' ') + "a:\n";
    expect_starts(model_error(block), "hostile.yaml:65: " + kTooDeep);
    expect_starts(model_error("x: 1\n" + repeat("- ", 100) + "1\n"), "hostile.yaml:2: " + kTooDeep);
}

TEST(HostileNesting, YamlQuotedAndBlockScalarsDoNotCount) {
    std::string model = source_file("firmware/models/tiny.yaml");
    model.replace(model.find("name: tiny"), 10,
                  "name: tiny # " + repeat("[", 100) + "\n" +   //
                      "# '" + repeat("{", 100) + "\n" +          //
                      "seed_note_unused_but_quoted: 'it''s " + repeat("[", 100) + "'");
    // The extra field is refused by the model reader, after the depth check.
    expect_starts(model_error(model), "hostile.yaml:7: seed_note_unused_but_quoted: unknown field");
}

// ---- YAML that would silently lose what was written ------------------------

TEST(HostileYaml, DuplicateKeyIsRefusedWithBothLines) {
    const std::string model = source_file("firmware/models/tiny.yaml") + "depth: 12\n";
    expect_starts(model_error(model), "hostile.yaml:16: duplicate key 'depth' (first given on line 10)");
    expect_starts(model_error("name: a\nmlp_ratio: {x: 1, \"x\": 2}\n"), "hostile.yaml:2: duplicate key 'x'");
}

TEST(HostileYaml, SecondDocumentIsRefused) {
    const std::string model = source_file("firmware/models/tiny.yaml");
    expect_starts(model_error(model + "---\nname: other\n"), "hostile.yaml:16: a second YAML document");
    expect_starts(model_error(model + "---\n"), "hostile.yaml:16: a second YAML document");
    // One explicit document stays valid.
    EXPECT_EQ(model_error("---\n" + model + "...\n"), "(accepted)");
}

// ---- non-finite numbers ----------------------------------------------------

TEST(HostileNumbers, NonFiniteTolerancesAreRefused) {
    for (const char* value : {"nan", "+nan", "-nan", "inf", "+inf", "-inf", "-0.5"}) {
        SCOPED_TRACE(value);
        const std::string text = std::string("[baseline]\nreport = \"b.json\"\ntolerance_percent = ") + value + "\n";
        expect_starts(budgets_error(text),
                      "hostile-budgets.toml:3: [baseline] tolerance_percent must be a finite, non-negative number");
    }
    EXPECT_EQ(budgets_error("[baseline]\nreport = \"b.json\"\ntolerance_percent = 0.0\n"), "(accepted)");
}

// ---- board profiles the emulator could not map -----------------------------

// A valid STM32F746-like profile with `ranges` peripheral ranges of 1 KB,
// 2 KB apart (so none merges with the next in Unicorn's map), and `extra`
// appended.
std::string profile_with(int ranges, const std::string& extra = "") {
    std::string text =
        "description = \"hostile\"\ncore = \"cortex-m7\"\nfpu = \"fpv5-sp-d16\"\nclock_hz = 216000000\n"
        "sram_budget_default = 327680\n[peripherals]\npolicy = \"tolerate\"\nranges = [\n";
    for (int i = 0; i < ranges; ++i) {
        text += fmt::format("  {{ name = \"p{}\", base = {:#x}, size = 0x400 }},\n", i, 0x40000000 + i * 0x800);
    }
    text += "]\n[[region]]\nname = \"flash\"\nkind = \"flash\"\nbase = 0x08000000\nsize = 0x100000\n"
            "executable = true\n[[region]]\nname = \"sram\"\nkind = \"sram\"\nbase = 0x20000000\n"
            "size = 0x50000\nexecutable = true\n";
    return text + extra;
}

TEST(HostileProfiles, MoreMappedRangesThanTheEmulatorTakesAreRefused) {
    // 510 ranges + 2 regions = 512: the limit, accepted.
    EXPECT_EQ(profile_error(profile_with(510)), "(accepted)");
    // 511 ranges (lines 9..519) + flash: the sram region (line 527) is the 513th.
    expect_starts(profile_error(profile_with(511)),
                  "hostile.toml:527: more than 512 memory regions, aliases and peripheral ranges");
    // The 513th range, on line 9 + 512, stops the reading of the other 4487.
    expect_starts(profile_error(profile_with(5000)),
                  "hostile.toml:521: more than 512 memory regions, aliases and peripheral ranges");
}

TEST(HostileProfiles, PrivatePeripheralBusIsTheEmulators) {
    const std::string ppb = "[[region]]\nname = \"ppb\"\nkind = \"sram\"\nbase = 0xE000E000\nsize = 0x400\n"
                            "executable = false\n";
    expect_starts(profile_error(profile_with(1, ppb)),
                  "hostile.toml:23: region 'ppb' [0xe000e000, 0xe000e400) overlaps the Private Peripheral Bus");
    const std::string alias = profile_with(1);
    expect_starts(profile_error(alias + "aliases = [0xDFFFFC00]\n"),
                  "hostile.toml:23: alias 0xdffffc00 of region 'sram' [0xdffffc00, 0xe004fc00) overlaps the "
                  "Private Peripheral Bus");
}

TEST(HostileProfiles, GigabytesOfMemoryAreRefused) {
    const std::string big = "[[region]]\nname = \"big0\"\nkind = \"sram\"\nbase = 0x60000000\nsize = 0x40000000\n"
                            "executable = false\n";
    expect_starts(profile_error(profile_with(0, big)),
                  "hostile.toml:22: the memory regions up to region 'big0' add up to 1075118080 bytes, over the "
                  "limit of 256 MiB");
}

// ---- the same profiles end to end ------------------------------------------

class HostileProfilesEndToEnd : public test::ScratchDir {
protected:
    void SetUp() override {
        ScratchDir::SetUp();
        std::ofstream(dir_ / "many.toml") << profile_with(1100);
        many_ = (dir_ / "many.toml").string();
    }

    static test::ProcessResult mcuprof(const std::string& args) {
        return test::run_command("timeout 60 " + test::mcuprof_command(args));
    }

    static void expect_refused(const test::ProcessResult& r, const std::string& path) {
        EXPECT_EQ(r.status, 2) << r.output;
        EXPECT_EQ(r.output.find('\n'), r.output.size() - 1) << r.output;
        EXPECT_EQ(r.output.rfind("mcuprof: error: " + path + ":521: more than 512 memory regions", 0), 0u)
            << r.output;
    }

    std::string many_;
};

// 1100 peripheral ranges used to abort inside Unicorn (exit 134).
TEST_F(HostileProfilesEndToEnd, RunBoardsAndLinkerScriptRefuseTheProfile) {
    const std::string elf = test::firmware("hello-stm32f746");
    expect_refused(mcuprof("run --quiet --max-instructions 10000 --board " + many_ + " " + elf), many_);
    expect_refused(mcuprof("linker-script --board " + many_), many_);
    expect_refused(
        test::run_command("MCUPROF_PROFILES=" + dir_.string() + " timeout 60 " + test::mcuprof_command("boards")),
        many_);
}

}  // namespace
}  // namespace mcuprof
