// `mcuprof compare` end to end on the tiny test model: runs in parallel, one
// row per (schedule, weights, k) with measured == predicted peaks, figures
// identical to a sequential `mcuprof profile` of the same schedule, the
// trade-off curves over k under both weight accountings, and bad input.
#include "file_support.hpp"
#include "paths_support.hpp"
#include "process_support.hpp"
#include "report_checks.hpp"
#include "scratch_dir_support.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>

namespace mcuprof::test {
namespace {

namespace fs = std::filesystem;

class CompareCli : public SuiteScratchDir {
protected:
    static void SetUpTestSuite() {
        SuiteScratchDir::SetUpTestSuite();
        result_ = mcuprof("compare " + kTinyModel + " --board stm32f427 --family overwrite --kernels 0 1 4 --jobs 2 " +
                          "--work-dir " + path("work") + " --json " + path("c.json") + " --markdown " + path("c.md") +
                          " --html " + path("c.html"));
    }

    static inline ProcessResult result_;
};

TEST_F(CompareCli, OneRowPerScheduleWeightsAndKernelAllExact) {
    ASSERT_EQ(result_.status, 0) << result_.output;
    const nlohmann::json c = nlohmann::json::parse(slurp(dir_ / "c.json"));
    EXPECT_EQ(c["schema"], "mcuprof.compare/1");
    EXPECT_EQ(c["model"], "tiny");
    ASSERT_EQ(c["runs"].size(), 6u);  // weights flash/sram x k none/1/4
    for (const auto& r : c["runs"]) {
        EXPECT_TRUE(r["ok"].get<bool>()) << r;
        EXPECT_EQ(r["measured_peak_bytes"], r["predicted_peak_bytes"]) << r["schedule"];
        EXPECT_GT(r["flash_bytes"].get<uint64_t>(), 0u);
        EXPECT_GT(r["cycles"].get<uint64_t>(), r["instructions"].get<uint64_t>() / 2);
        // The generated firmware brings the clock up from the 16 MHz reset
        // clock to 180 MHz: the bring-up's cycles take longer than the rest.
        const double at_180 = r["cycles"].get<double>() / 180e3;
        EXPECT_GT(r["latency_ms"].get<double>(), at_180);
        EXPECT_LT(r["latency_ms"].get<double>(), at_180 + 0.1);
    }
    EXPECT_EQ(c["runs"][0]["schedule"], "overwrite");
    EXPECT_EQ(c["runs"][5]["schedule"], "overwrite,patch=4,weights=sram");
    // Staging weights in SRAM costs memory.
    EXPECT_GT(c["runs"][3]["measured_peak_bytes"].get<uint64_t>(), c["runs"][0]["measured_peak_bytes"].get<uint64_t>());
}

TEST_F(CompareCli, ParallelRunsMatchASequentialProfile) {
    const ProcessResult p = mcuprof("profile " + kTinyModel +
                                    " --board stm32f427 --schedule overwrite,patch=4,weights=sram"
                                    " --quiet --work-dir " + path("seq") + " --json " + path("seq.json"));
    ASSERT_EQ(p.status, 0) << p.output;
    const nlohmann::json seq = nlohmann::json::parse(slurp(dir_ / "seq.json"));
    const nlohmann::json row = nlohmann::json::parse(slurp(dir_ / "c.json"))["runs"][5];
    EXPECT_EQ(row["cycles"], seq["cycles"]);
    EXPECT_EQ(row["instructions"], seq["instructions"]);
    uint64_t peak = 0;
    for (const auto& l : seq["layers"]) peak = std::max(peak, l["arena_peak_bytes"].get<uint64_t>());
    EXPECT_EQ(row["measured_peak_bytes"].get<uint64_t>(), peak);
    // The whole run's SRAM peak is at least every layer's, though the arena
    // tracker re-paints dead arena bytes before the scan at exit.
    for (const auto& l : seq["layers"]) {
        EXPECT_GE(seq["memory"]["sram_peak_bytes"].get<uint64_t>(), l["sram_peak_bytes"].get<uint64_t>()) << l["name"];
    }
}

TEST_F(CompareCli, TradeoffCurvesUnderBothAccountingsAndTheReports) {
    const nlohmann::json c = nlohmann::json::parse(slurp(dir_ / "c.json"));
    ASSERT_EQ(c["tradeoff"].size(), 2u);
    EXPECT_EQ(c["tradeoff"][0]["weights"], "flash");
    EXPECT_EQ(c["tradeoff"][1]["weights"], "sram");
    for (const auto& curve : c["tradeoff"]) {
        ASSERT_EQ(curve["points"].size(), 2u);
        EXPECT_EQ(curve["points"][0]["k"], 1);
        EXPECT_EQ(curve["points"][1]["k"], 4);
        // Smaller sub-kernels cost time.
        EXPECT_GT(curve["points"][0]["latency_ms"].get<double>(), curve["points"][1]["latency_ms"].get<double>());
    }
    const std::string html = slurp(dir_ / "c.html");
    EXPECT_EQ(count_of(html, "<svg "), 2u);
    expect_self_contained(html);
    EXPECT_NE(slurp(dir_ / "c.md").find("| stm32f427 | `overwrite,patch=4,weights=sram` | 4 | sram |"),
              std::string::npos);
    EXPECT_NE(result_.output.find("tiny across 6 runs"), std::string::npos) << result_.output;
}

TEST_F(CompareCli, AStoredComparisonRendersAgainWithoutRunning) {
    const ProcessResult r = mcuprof("compare --from-json " + path("c.json") + " --quiet --json " + path("again.json") +
                                    " --markdown " + path("again.md"));
    ASSERT_EQ(r.status, 0) << r.output;
    EXPECT_EQ(nlohmann::json::parse(slurp(dir_ / "again.json")), nlohmann::json::parse(slurp(dir_ / "c.json")));
    EXPECT_EQ(slurp(dir_ / "again.md"), slurp(dir_ / "c.md"));
    std::ofstream(dir_ / "broken.json") << R"({"schema": "mcuprof.compare/1", "model": "m", "runs": [{"board": 3}]})";
    const ProcessResult bad = mcuprof("compare --from-json " + path("broken.json"));
    EXPECT_EQ(bad.status, 2) << bad.output;
    EXPECT_EQ(bad.output, "mcuprof: error: " + path("broken.json") +
                              ": key runs[0].board has the wrong type (number); write it with `mcuprof compare --json`\n");
}

TEST_F(CompareCli, BadInputExitsTwo) {
    const ProcessResult k = mcuprof("compare " + kTinyModel + " --board stm32f427 --kernels 3");
    EXPECT_EQ(k.status, 2) << k.output;
    EXPECT_EQ(k.output, "mcuprof: error: patch kernel 3 does not divide the patch size 4 of tiny; use one of 1, 2, 4\n");
    const ProcessResult b = mcuprof("compare " + kTinyModel + " --board stm32f999");
    EXPECT_EQ(b.status, 2) << b.output;
    EXPECT_EQ(b.output.rfind("mcuprof: error: ", 0), 0u) << b.output;
    const ProcessResult f = mcuprof("compare " + kTinyModel + " --family overwrite,patch=2");
    EXPECT_EQ(f.status, 2) << f.output;
    EXPECT_NE(f.output.find("must not set patch="), std::string::npos) << f.output;
}

}  // namespace
}  // namespace mcuprof::test
