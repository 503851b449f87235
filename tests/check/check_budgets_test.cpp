// The budgets file, the report reader and the check on hand-built reports:
// limits hold at the figure and break one above it, naming the layer and the
// overshoot; baselines with tolerances; bad files name the line and key.
#include "emulator/report/report_json.hpp"
#include "emulator/report/report_json_read.hpp"
#include "emulator/text/error.hpp"
#include "tools/check/budget_check.hpp"
#include "tools/check/check_junit.hpp"
#include "tools/check/check_markdown.hpp"

#include <gtest/gtest.h>

namespace mcuprof::check {
namespace {

Report sample() {
    Report r;
    r.board = "stm32f427";
    r.core = "cortex-m4";
    r.clock_hz = 180'000'000;
    r.elf = "app.elf";
    r.instructions = 1000;
    r.cycles = 1500;
    r.memory.sram_peak_bytes = 6000;
    r.memory.stack_peak_bytes = 512;
    r.memory.flash_bytes = 20000;
    r.layers = {{"embed", 400, 600, 10, 5000, 300, 4000u, 4000u}, {"head", 600, 900, 610, 6000, 512, {}, {}}};
    r.functions = {{"main", 1000, 1500, 1000, 1500, 1, "", 0}};
    return r;
}

std::string error_of(const std::string& toml) {
    try {
        parse_budgets(toml, "b.toml");
    } catch (const Error& e) {
        return e.what();
    }
    return "";
}

const Finding* failed(const CheckResult& r) {
    for (const Finding& f : r.findings)
        if (!f.passed) return &f;
    return nullptr;
}

TEST(Budgets, ParsesRunLayersAndBaseline) {
    const Budgets b = parse_budgets(R"(
[run]
sram_peak_bytes = 6000
cycles = 1500
[layers."embed"]
arena_peak_bytes = 4000
[baseline]
report = "base.json"
tolerance_bytes = 16
tolerance_percent = 1.5
)",
                                    "dir/b.toml");
    EXPECT_EQ(b.run[Metric::SramPeak], 6000u);
    EXPECT_EQ(b.run[Metric::Cycles], 1500u);
    EXPECT_FALSE(b.run[Metric::Flash]);
    ASSERT_EQ(b.layers.size(), 1u);
    EXPECT_EQ(b.layers[0].first, "embed");
    EXPECT_EQ(b.layers[0].second[Metric::ArenaPeak], 4000u);
    ASSERT_TRUE(b.baseline);
    EXPECT_EQ(b.baseline->report_path, "dir/base.json");
    EXPECT_EQ(b.baseline->tolerance_bytes, 16u);
    EXPECT_DOUBLE_EQ(b.baseline->tolerance_percent, 1.5);
}

TEST(Budgets, BadFilesNameTheLineAndTheKey) {
    EXPECT_EQ(error_of("[run]\nsram_peak = 5\n"),
              "b.toml:2: unknown key 'sram_peak' in [run]; use sram_peak_bytes, stack_peak_bytes, arena_peak_bytes, "
              "flash_bytes, instructions or cycles");
    EXPECT_EQ(error_of("[run]\ncycles = -1\n"), "b.toml:2: [run] cycles must be a non-negative integer");
    EXPECT_EQ(error_of("[run]\ncycles = \"many\"\n"), "b.toml:2: [run] cycles must be a non-negative integer");
    EXPECT_NE(error_of("[run\n").find("b.toml:1: malformed TOML"), std::string::npos);
    EXPECT_NE(error_of("[layers.x]\nflash_bytes = 1\n").find("unknown key 'flash_bytes' in [layers.\"x\"]"),
              std::string::npos);
    EXPECT_NE(error_of("[baseline]\ntolerance_bytes = 1\n").find("[baseline] needs report"), std::string::npos);
    EXPECT_NE(error_of("").find("no limits"), std::string::npos);
    EXPECT_NE(error_of("[budgets]\n").find("unknown table or key 'budgets'"), std::string::npos);
}

TEST(Check, HoldsAtTheFigureAndBreaksOneByteBelowNamingTheLayer) {
    const Report r = sample();
    EXPECT_TRUE(check_report(r, parse_budgets("[layers.head]\nsram_peak_bytes = 6000\n", "b")).passed());
    const CheckResult broken = check_report(r, parse_budgets("[layers.head]\nsram_peak_bytes = 5999\n", "b"));
    EXPECT_EQ(broken.failures(), 1u);
    const Finding* f = failed(broken);
    ASSERT_NE(f, nullptr);
    EXPECT_EQ(f->layer, "head");
    EXPECT_EQ(f->overshoot(), 1u);
    EXPECT_EQ(f->message, "layer head: sram_peak_bytes 6000 exceeds the budget 5999 by 1 byte");
}

TEST(Check, EveryRunMetric) {
    const Report r = sample();
    const CheckResult ok = check_report(
        r, parse_budgets("[run]\nsram_peak_bytes=6000\nstack_peak_bytes=512\nflash_bytes=20000\ninstructions=1000\n"
                         "cycles=1500\narena_peak_bytes=4000\n",
                         "b"));
    EXPECT_TRUE(ok.passed());
    EXPECT_EQ(ok.findings.size(), 7u);  // exit + six limits
    const CheckResult bad = check_report(r, parse_budgets("[run]\ncycles=1400\nflash_bytes=19000\n", "b"));
    EXPECT_EQ(bad.failures(), 2u);
    // In metric order: flash before cycles.
    EXPECT_NE(bad.findings[1].message.find("flash_bytes 20000 exceeds the budget 19000 by 1000 bytes"),
              std::string::npos);
    EXPECT_NE(bad.findings[2].message.find("cycles 1500 exceeds the budget 1400 by 100 cycles"), std::string::npos);
}

TEST(Check, UnknownLayerFaultAndMissingArenaFail) {
    Report r = sample();
    EXPECT_EQ(check_report(r, parse_budgets("[layers.nope]\ncycles = 1\n", "b")).failures(), 1u);
    EXPECT_EQ(check_report(r, parse_budgets("[layers.head]\narena_peak_bytes = 1000000\n", "b")).failures(), 1u);
    r.exit.reason = "budget";
    const CheckResult c = check_report(r, parse_budgets("[run]\ncycles = 100000\n", "b"));
    ASSERT_EQ(c.failures(), 1u);
    EXPECT_NE(failed(c)->message.find("stopped by budget"), std::string::npos);
}

TEST(Check, BaselineToleranceIsTheLargerOfBytesAndPercent) {
    const Report base = sample();
    Report now = sample();
    now.layers[1].sram_peak_bytes += 60;  // 6060: 1% of 6000 is 60
    now.cycles += 16;                      // 1% of 1500 is 15
    const Budgets b = parse_budgets("[baseline]\nreport = \"x\"\ntolerance_bytes = 32\ntolerance_percent = 1\n", "b");
    const CheckResult c = check_report(now, b, &base);
    ASSERT_EQ(c.failures(), 1u);
    EXPECT_EQ(failed(c)->metric, Metric::Cycles);
    EXPECT_EQ(failed(c)->overshoot(), 1u);
    now.layers.pop_back();
    EXPECT_EQ(check_report(now, b, &base).failures(), 2u) << "a layer gone from the run fails too";
}

TEST(ReportJsonRead, RoundTripsTheWriter) {
    const Report r = sample();
    const Report back = report_from_json(report_to_json(r), "r.json");
    EXPECT_EQ(report_to_json(back), report_to_json(r));
}

TEST(ReportJsonRead, BadReportsNameTheKey) {
    nlohmann::json j = report_to_json(sample());
    j["layers"][1]["cycles"] = "lots";
    try {
        report_from_json(j, "r.json");
        FAIL();
    } catch (const Error& e) {
        EXPECT_EQ(std::string(e.what()),
                  "r.json: key layers[1].cycles is not an unsigned integer (found string); write it with "
                  "`mcuprof run --json`");
    }
    j = report_to_json(sample());
    j.erase("memory");
    EXPECT_THROW(report_from_json(j, "r.json"), Error);
    j = report_to_json(sample());
    j["schema"] = "other/2";
    EXPECT_THROW(report_from_json(j, "r.json"), Error);
}

TEST(CheckWriters, JunitAndMarkdownListTheFailure) {
    const CheckResult c = check_report(sample(), parse_budgets("[layers.head]\nsram_peak_bytes = 5999\n", "b"));
    const std::string xml = check_to_junit(c);
    EXPECT_NE(xml.find("tests=\"2\" failures=\"1\""), std::string::npos) << xml;
    EXPECT_NE(xml.find("<testcase classname=\"mcuprof.check.layer head\" name=\"sram_peak_bytes budget\">"),
              std::string::npos);
    EXPECT_NE(xml.find("<failure message=\"layer head: sram_peak_bytes 6000 exceeds the budget 5999 by 1 byte\""),
              std::string::npos);
    const std::string md = check_to_markdown(c);
    EXPECT_NE(md.find("1 of 2 limits broken"), std::string::npos);
    EXPECT_NE(md.find("| `head` | sram_peak_bytes | 6000 | 5999 | 1 | ❌ |"), std::string::npos) << md;
}

}  // namespace
}  // namespace mcuprof::check
