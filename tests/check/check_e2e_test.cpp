// `mcuprof check` end to end on the micro-benchmark firmware: a budget at the
// measured peak passes, one byte below it fails naming the layer and the
// 1-byte overshoot (from a report, and running the ELF itself); JUnit and
// Markdown files are written; bad input exits 2 with one error line.
#include "file_support.hpp"
#include "paths_support.hpp"
#include "process_support.hpp"
#include "scratch_dir_support.hpp"

#include <gtest/gtest.h>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>

namespace mcuprof::test {
namespace {

namespace fs = std::filesystem;

class CheckCli : public SuiteScratchDir {
protected:
    static void SetUpTestSuite() {
        SuiteScratchDir::SetUpTestSuite();
        const ProcessResult r = mcuprof("run --board stm32f427 " + elf() + " --quiet --json " + path("r.json"));
        ASSERT_EQ(r.status, 0) << r.output;
        report_ = nlohmann::json::parse(slurp(dir_ / "r.json"));
        // The layer with the largest SRAM peak.
        for (const auto& l : report_["layers"]) {
            if (peak_layer_.empty() || l["sram_peak_bytes"].get<uint64_t>() > peak_) {
                peak_layer_ = l["name"];
                peak_ = l["sram_peak_bytes"];
            }
        }
    }

    static std::string elf() { return firmware("microbench_stm32f427"); }
    static std::string budgets(const std::string& name, const std::string& text) {
        std::ofstream(dir_ / name) << text;
        return path(name);
    }
    static std::string layer_budget(uint64_t sram) {
        return fmt::format("[run]\nflash_bytes = {}\n[layers.\"{}\"]\nsram_peak_bytes = {}\n",
                           report_["memory"]["flash_bytes"].get<uint64_t>(), peak_layer_, sram);
    }

    static inline nlohmann::json report_;
    static inline std::string peak_layer_;
    static inline uint64_t peak_ = 0;
};

TEST_F(CheckCli, PassesAtTheMeasuredPeak) {
    ASSERT_FALSE(peak_layer_.empty());
    const ProcessResult r = mcuprof("check " + path("r.json") + " --budgets " + budgets("at.toml", layer_budget(peak_)) +
                                    " --junit " + path("at.xml") + " --markdown " + path("at.md"));
    EXPECT_EQ(r.status, 0) << r.output;
    EXPECT_NE(r.output.find("3 of 3 limits hold"), std::string::npos) << r.output;
    EXPECT_NE(slurp(dir_ / "at.xml").find("failures=\"0\""), std::string::npos);
    EXPECT_NE(slurp(dir_ / "at.md").find("all limits hold"), std::string::npos);
}

TEST_F(CheckCli, OneByteBelowTheMeasuredPeakFailsNamingTheLayer) {
    const std::string expected = fmt::format("FAIL layer {}: sram_peak_bytes {} exceeds the budget {} by 1 byte\n",
                                             peak_layer_, peak_, peak_ - 1);
    const ProcessResult r = mcuprof("check " + path("r.json") + " --budgets " +
                                    budgets("below.toml", layer_budget(peak_ - 1)) + " --junit " + path("below.xml") +
                                    " --markdown " + path("below.md"));
    EXPECT_EQ(r.status, 1) << r.output;
    EXPECT_EQ(r.output.rfind(expected, 0), 0u) << r.output;
    const std::string xml = slurp(dir_ / "below.xml");
    EXPECT_NE(xml.find("failures=\"1\""), std::string::npos) << xml;
    EXPECT_NE(xml.find("classname=\"mcuprof.check.layer " + peak_layer_ + "\""), std::string::npos);
    EXPECT_NE(slurp(dir_ / "below.md").find("1 of 3 limits broken"), std::string::npos);

    // The same when check runs the ELF itself.
    const ProcessResult direct =
        mcuprof("check --board stm32f427 " + elf() + " --budgets " + path("below.toml"));
    EXPECT_EQ(direct.status, 1) << direct.output;
    EXPECT_NE(direct.output.find(expected), std::string::npos) << direct.output;
}

TEST_F(CheckCli, RegressionAgainstABaseline) {
    nlohmann::json grown = report_;
    grown["cycles"] = report_["cycles"].get<uint64_t>() + 1000;
    std::ofstream(dir_ / "grown.json") << grown.dump();
    const std::string b = budgets("base.toml", "[baseline]\nreport = \"r.json\"\ntolerance_percent = 0.0\n");
    EXPECT_EQ(mcuprof("check " + path("r.json") + " --budgets " + b).status, 0);
    const ProcessResult r = mcuprof("check " + path("grown.json") + " --budgets " + b);
    EXPECT_EQ(r.status, 1) << r.output;
    EXPECT_NE(r.output.find("FAIL run: cycles"), std::string::npos) << r.output;
    EXPECT_NE(r.output.find("1000 cycles over the tolerance"), std::string::npos) << r.output;
}

TEST_F(CheckCli, BadInputExitsTwoWithOneErrorLine) {
    auto expect_error = [](const ProcessResult& r, const std::string& needle) {
        EXPECT_EQ(r.status, 2) << r.output;
        EXPECT_EQ(r.output.rfind("mcuprof: error: ", 0), 0u) << r.output;
        EXPECT_EQ(r.output.find('\n'), r.output.size() - 1) << "more than one line: " << r.output;
        EXPECT_NE(r.output.find(needle), std::string::npos) << r.output;
    };
    const std::string malformed = budgets("bad.toml", "[run]\nsram_peak_bytes = = 3\n");
    expect_error(mcuprof("check " + path("r.json") + " --budgets " + malformed + " --junit " + path("bad.xml")),
                 "bad.toml:2: malformed TOML");
    EXPECT_FALSE(fs::exists(dir_ / "bad.xml"));
    expect_error(mcuprof("check " + path("r.json") + " --budgets " + budgets("key.toml", "[run]\nram = 1\n")),
                 "key.toml:2: unknown key 'ram' in [run]");
    expect_error(mcuprof("check " + path("nope.json") + " --budgets " + path("key.toml")),
                 "key.toml:2: unknown key");
    const std::string ok = budgets("ok.toml", "[run]\ncycles = 1\n");
    expect_error(mcuprof("check " + path("nope.json") + " --budgets " + ok), "nope.json: cannot open the report");
    std::ofstream(dir_ / "notjson.json") << "{ nope";
    expect_error(mcuprof("check " + path("notjson.json") + " --budgets " + ok), "notjson.json: not valid JSON");
}

}  // namespace
}  // namespace mcuprof::test
