// `mcuprof run` with every report flag on the micro-benchmark firmware: each
// file is written, parses, and agrees with the JSON report of the same run.
#include "file_support.hpp"
#include "paths_support.hpp"
#include "process_support.hpp"
#include "report_checks.hpp"
#include "scratch_dir_support.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

namespace mcuprof::test {
namespace {

namespace fs = std::filesystem;

class ReportOutputs : public SuiteScratchDir {
protected:
    static void SetUpTestSuite() {
        SuiteScratchDir::SetUpTestSuite();
        const std::string elf = firmware("microbench_stm32f427");
        const std::string d = dir_.string();
        result_ = mcuprof("run --board stm32f427 " + elf + " --quiet --json " + d + "/r.json --markdown " + d +
                          "/r.md --html " + d + "/r.html --trace " + d + "/r.trace.json --collapsed " + d +
                          "/r.folded");
        layers_ = mcuprof("run --board stm32f427 " + elf + " --quiet --collapsed-by layer --collapsed " + d +
                          "/layers.folded");
    }

    static nlohmann::json report() { return nlohmann::json::parse(slurp(dir_ / "r.json")); }

    static inline ProcessResult result_;
    static inline ProcessResult layers_;
};

TEST_F(ReportOutputs, RunSucceedsAndWritesEveryFile) {
    EXPECT_EQ(result_.status, 0) << result_.output;
    for (const char* f : {"r.json", "r.md", "r.html", "r.trace.json", "r.folded"}) {
        EXPECT_TRUE(fs::exists(dir_ / f)) << f;
    }
    // Atomic writes leave no temporary files behind.
    size_t files = 0;
    for (const auto& e : fs::directory_iterator(dir_)) files += e.is_regular_file();
    EXPECT_EQ(files, 6u);
}

TEST_F(ReportOutputs, TraceIsValidTraceEventJsonWithEveryLayer) {
    const nlohmann::json trace = nlohmann::json::parse(slurp(dir_ / "r.trace.json"));
    expect_valid_trace(trace);
    const nlohmann::json r = report();
    ASSERT_FALSE(r["layers"].empty());
    std::vector<std::string> names;
    for (const auto& e : trace["traceEvents"])
        if (e["ph"] == "X" && e["cat"] == "layer") names.push_back(e["name"]);
    ASSERT_EQ(names.size(), r["layers"].size());
    for (size_t i = 0; i < names.size(); ++i) EXPECT_EQ(names[i], r["layers"][i]["name"]);
}

TEST_F(ReportOutputs, CollapsedStacksSumToTheTotalCycles) {
    const uint64_t cycles = report()["cycles"];
    EXPECT_EQ(sum_of(parse_collapsed(slurp(dir_ / "r.folded"))), cycles);
    EXPECT_EQ(layers_.status, 0) << layers_.output;
    const auto by_layer = parse_collapsed(slurp(dir_ / "layers.folded"));
    EXPECT_EQ(sum_of(by_layer), cycles);
    EXPECT_EQ(by_layer.size(), report()["layers"].size() + 1);
}

TEST_F(ReportOutputs, HtmlHasTwoChartsAndMarkdownEveryLayer) {
    const std::string html = slurp(dir_ / "r.html");
    EXPECT_EQ(count_of(html, "<svg "), 2u);
    expect_self_contained(html);
    const std::string md = slurp(dir_ / "r.md");
    const nlohmann::json r = report();  // a range-for over a temporary's member would dangle
    for (const auto& l : r["layers"]) {
        EXPECT_NE(md.find("| `" + l["name"].get<std::string>() + "` |"), std::string::npos) << l["name"];
    }
}

}  // namespace
}  // namespace mcuprof::test
