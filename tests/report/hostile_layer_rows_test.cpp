// A firmware emitting hundreds of thousands of layer markers (issue 12): the
// report keeps the first runs as they are and folds the rest by layer name,
// so every writer's output stays bounded, carries a note saying what was
// folded, and layers plus outside_layers still add up to the run's totals.
#include "emulator/render/report_collapsed.hpp"
#include "emulator/render/report_html.hpp"
#include "emulator/render/report_markdown.hpp"
#include "emulator/render/report_text.hpp"
#include "emulator/render/report_trace.hpp"
#include "emulator/report/layer_folding.hpp"
#include "emulator/report/report_json.hpp"
#include "emulator/report/report_json_read.hpp"

#include <gtest/gtest.h>
#include <fmt/format.h>

namespace mcuprof::test {
namespace {

constexpr size_t kRuns = 20'000;  // 20 times the rows kept; 500 distinct names

// kRuns layer runs: "conv"/"pool" alternating, every 40th with a name of its own.
Report many_layers() {
    Report r;
    r.board = "stm32f746";
    r.core = "cortex-m7";
    r.clock_hz = 216'000'000;
    r.elf = "markers.elf";
    uint64_t cycle = 0;
    for (size_t i = 0; i < kRuns; ++i) {
        const std::string name = i % 40 == 0 ? fmt::format("L{}", i / 40) : (i % 2 ? "conv" : "pool");
        r.layers.push_back({name, 3 + i % 7, 5 + i % 11, cycle, 100 + i % 13, 40 + i % 17});
        cycle += 5 + i % 11 + 2;
    }
    r.outside_layers = {kRuns * 2, kRuns * 2};
    for (const LayerReport& l : r.layers) {
        r.instructions += l.instructions;
        r.cycles += l.cycles;
    }
    r.instructions += r.outside_layers.instructions;
    r.cycles += r.outside_layers.cycles;
    return r;
}

void expect_totals_add_up(const Report& r) {
    uint64_t instructions = r.outside_layers.instructions, cycles = r.outside_layers.cycles, runs = 0;
    for (const LayerReport& l : r.layers) {
        instructions += l.instructions;
        cycles += l.cycles;
        runs += l.runs;
    }
    EXPECT_EQ(instructions, r.instructions);
    EXPECT_EQ(cycles, r.cycles);
    EXPECT_EQ(runs, kRuns);
}

// A report read back from its JSON (as mcuprof check does) is bounded too,
// and so is everything written from it.
TEST(HostileLayerRows, EveryWriterStaysBoundedAndSaysWhatWasFolded) {
    const Report r = report_from_json(report_to_json(many_layers()), "many.json");
    EXPECT_LE(r.layers.size(), kLayerRunsKept + kFoldedNamesKept + 1);
    expect_totals_add_up(r);
    ASSERT_FALSE(r.warnings.empty());
    const std::string note = r.warnings.back();
    EXPECT_NE(note.find(fmt::format("{} layer runs after the first {}", kRuns - kLayerRunsKept, kLayerRunsKept)),
              std::string::npos)
        << note;

    const std::string json = report_to_json(r).dump(2);
    const std::string text = report_to_text(r, TextOptions{});
    const std::string md = report_to_markdown(r);
    const std::string html = report_to_html(r);
    const std::string trace = report_to_trace(r).dump(2);
    const std::string collapsed = report_to_collapsed(r, CollapsedBy::Layer);
    EXPECT_LT(json.size(), 1'000'000u);
    EXPECT_LT(text.size(), 200'000u);
    EXPECT_LT(md.size(), 200'000u);
    EXPECT_LT(html.size(), 2'000'000u);
    EXPECT_LT(trace.size(), 2'000'000u);
    EXPECT_LT(collapsed.size(), 100'000u);
    for (const std::string* out : {&json, &text, &md, &html}) {
        EXPECT_NE(out->find("were folded into"), std::string::npos) << out->substr(0, 300);
    }
    // Folded names keep their runs: "conv" and "pool" each had about half.
    const auto conv = std::find_if(r.layers.begin() + kLayerRunsKept, r.layers.end(),
                                   [](const LayerReport& l) { return l.name == "conv"; });
    ASSERT_NE(conv, r.layers.end());
    EXPECT_GT(conv->runs, kRuns / 3);
    EXPECT_NE(json.find("\"runs\""), std::string::npos);
}

TEST(HostileLayerRows, NamesPastTheCapShareOneRow) {
    Report r = many_layers();
    fold_layer_runs(r);
    expect_totals_add_up(r);
    EXPECT_EQ(r.layers.back().name, kOtherLayersName);
    EXPECT_EQ(r.layers.size(), kLayerRunsKept + kFoldedNamesKept + 1);
    for (size_t i = 0; i < kLayerRunsKept; ++i) ASSERT_EQ(r.layers[i].runs, 1u);
}

TEST(HostileLayerRows, OrdinaryRunsAreLeftAlone) {
    Report r = many_layers();
    r.layers.resize(kLayerRunsKept);
    const Report before = r;
    fold_layer_runs(r);
    EXPECT_EQ(report_to_json(r), report_to_json(before));
    EXPECT_EQ(report_to_json(r).dump().find("\"runs\""), std::string::npos);
}

}  // namespace
}  // namespace mcuprof::test
