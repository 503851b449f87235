// The Markdown, HTML, trace and collapsed-stack writers on a hand-built
// report: structure of each output, numbers carried through, totals that add up.
#include "emulator/render/report_collapsed.hpp"
#include "emulator/render/report_html.hpp"
#include "emulator/render/report_html_charts.hpp"
#include "emulator/render/report_markdown.hpp"
#include "emulator/render/report_trace.hpp"
#include "emulator/report/tradeoff.hpp"
#include "report_checks.hpp"

#include <gtest/gtest.h>

#include <regex>

namespace mcuprof::test {
namespace {

Report sample() {
    Report r;
    r.board = "stm32f746";
    r.core = "cortex-m7";
    r.clock_hz = 200'000'000;
    r.elf = "build/firmware/model|x.elf";
    r.model.timing_mode = "memory";
    r.model.memory_configuration = "flash latency 7 wait states, prefetch on, ART on, L1 I-cache on, D-cache on";
    r.instructions = 1000;
    r.cycles = 2000;
    r.memory = {.sram_peak_bytes = 5000, .stack_peak_bytes = 400, .static_bytes = 300, .flash_bytes = 9000,
                .sram_budget_bytes = 8192, .flash_budget_bytes = 65536};
    r.layers = {
        {"patch_embed", 300, 600, 100, 3000, 300, 2500u, 2500u},
        {"block0.mlp.fc1", 500, 1000, 700, 4800, 400, 4300u, 4400u},  // predicted, arena,
        {"head<&>", 100, 200, 1700, 1000, 200, std::nullopt, std::nullopt},
    };
    r.outside_layers = {100, 200};
    r.functions = {{"main", 100, 150, 1000, 2000, 1, "main.c", 3},
                   {"vit_linear_s8", 700, 1500, 700, 1500, 2, "linear.c", 10},
                   {"memcpy;odd", 200, 350, 200, 350, 5, "", 0}};
    r.violations = {{"sram-budget", 0x20010000, 4, "write", 0x08000100, "vit_linear_s8", "linear.c", 12,
                     std::string("block0.mlp.fc1"), "write outside the SRAM budget"}};
    return r;
}

TEST(MarkdownWriter, SummaryLayerTableWithDeltaFunctionsAndViolations) {
    const std::string md = report_to_markdown(sample());
    EXPECT_NE(md.find("stm32f746"), std::string::npos);
    EXPECT_NE(md.find("`build/firmware/model\\|x.elf`"), std::string::npos) << "pipes are escaped";
    EXPECT_NE(md.find("| memory system | flash latency 7 wait states, prefetch on, ART on, L1 I-cache on, D-cache on "
                      "(timing mode memory) |"),
              std::string::npos);
    EXPECT_NE(md.find("| predicted (B) | delta (B) |"), std::string::npos);
    // fc1: arena 4400 measured vs 4300 predicted -> +100, highlighted.
    EXPECT_NE(md.find("| `block0.mlp.fc1` | 500 | 1000 | 50.0% | 4800 | 400 | 4400 | 4300 | **+100** |"),
              std::string::npos)
        << md;
    EXPECT_NE(md.find("| 2500 | 2500 | +0 |"), std::string::npos);
    EXPECT_NE(md.find("| arena peak (planned tensors) | 4.3 KB (4400 B, measured) |"), std::string::npos);
    EXPECT_NE(md.find("| `vit_linear_s8` |"), std::string::npos);
    EXPECT_NE(md.find("**sram-budget** at `0x20010000`"), std::string::npos);
    // Every table row of the layer table has the header's column count.
    std::regex row(R"(^\|.*\|$)");
    size_t layer_rows = 0;
    size_t start = md.find("#### Layers");
    std::string line;
    std::istringstream in(md.substr(start));
    while (std::getline(in, line)) {
        if (line.rfind("| ", 0) == 0 || line.rfind("|---", 0) == 0) {
            EXPECT_EQ(std::count(line.begin(), line.end(), '|') - std::count(line.begin(), line.end(), '\\'), 10)
                << line;
            ++layer_rows;
        } else if (layer_rows > 0) {
            break;
        }
    }
    EXPECT_EQ(layer_rows, 2u + 3u + 1u);  // header, rule, 3 layers, outside
}

TEST(MarkdownWriter, NoPredictionColumnsWithoutPredictions) {
    Report r = sample();
    for (LayerReport& l : r.layers) l.predicted_peak_bytes.reset(), l.arena_peak_bytes.reset();
    const std::string md = report_to_markdown(r);
    EXPECT_EQ(md.find("predicted"), std::string::npos);
    EXPECT_EQ(md.find("arena"), std::string::npos);
}

TEST(HtmlWriter, SelfContainedWithTwoChartsOrFourWithAComparison) {
    const Report r = sample();
    const std::string html = report_to_html(r);
    EXPECT_EQ(count_of(html, "<svg "), 2u);
    EXPECT_NE(html.find("data-charts=\"2\""), std::string::npos);
    expect_self_contained(html);
    EXPECT_NE(html.find("head&lt;&amp;&gt;"), std::string::npos) << "names are escaped";
    EXPECT_EQ(html.find("head<&>"), std::string::npos);

    Comparison c{"tiny", {}};
    for (uint32_t k : {1u, 2u, 4u}) {
        c.rows.push_back({"stm32f746", "overwrite,patch=" + std::to_string(k), k, "flash", 1000 + 100 * k,
                          1000 + 100 * k, 5000, 10000, 20000 / k, 0.1 / k, true, ""});
    }
    const std::string with = report_to_html(r, &c);
    EXPECT_EQ(count_of(with, "<svg "), 4u);
    EXPECT_NE(with.find("data-chart=\"tradeoff\""), std::string::npos);
    EXPECT_NE(with.find("data-chart=\"schedules\""), std::string::npos);
    expect_self_contained(with);
}

TEST(HtmlCharts, MemoryChartStacksArenaStackAndRestWithBudgetLine) {
    const svg::BarChart chart = html_charts::memory_chart(sample());
    ASSERT_EQ(chart.categories.size(), 3u);
    const auto& fc1 = chart.categories[1];
    ASSERT_EQ(fc1.bars.size(), 2u);  // measured stack, predicted
    ASSERT_EQ(fc1.bars[0].size(), 3u);
    EXPECT_EQ(fc1.bars[0][0].value, 4400);  // arena
    EXPECT_EQ(fc1.bars[0][1].value, 400);   // stack
    EXPECT_EQ(fc1.bars[0][2].value, 0);     // 4800 - 400 - 4400
    EXPECT_EQ(fc1.bars[1][0].value, 4300);  // predicted
    EXPECT_EQ(chart.categories[2].bars.size(), 1u) << "no prediction, no predicted bar";
    EXPECT_EQ(chart.categories[2].bars[0][2].value, 800);
    ASSERT_TRUE(chart.limit.has_value());
    EXPECT_EQ(chart.limit->value, 8192);
}

TEST(SvgChart, ALimitFarAboveTheBarsIsNamedInsteadOfDrawnToScale) {
    svg::BarChart chart;
    chart.id = "m";
    chart.legend = {{"a", "#000"}};
    chart.categories = {{"x", {{{1000, 0}}}, ""}};
    chart.limit = svg::HorizontalLine{3000, "budget 3000 B"};
    const std::string near = svg::render(chart);
    EXPECT_NE(near.find("<line class=\"limit\""), std::string::npos);
    EXPECT_EQ(near.find("above the scale"), std::string::npos);
    chart.limit->value = 262144;
    const std::string far = svg::render(chart);
    EXPECT_EQ(far.find("<line class=\"limit\""), std::string::npos);
    EXPECT_NE(far.find("budget 3000 B (above the scale)"), std::string::npos);
    EXPECT_EQ(svg::nice_ceiling(1050), 2000);
    EXPECT_EQ(svg::nice_ceiling(2400), 2500);
}

TEST(HtmlCharts, TradeoffCurvesPerBoardFamilyAndAccountingOrderedByK) {
    Comparison c{"m", {}};
    for (uint32_t k : {4u, 1u, 2u})
        for (const char* w : {"flash", "sram"})
            c.rows.push_back({"b", std::string("overwrite,patch=") + std::to_string(k) + ",weights=" + w, k, w,
                              100 * k, 100 * k, 0, 0, 0, 1.0 / k, true, ""});
    c.rows.push_back({"b", "layerwise", std::nullopt, "flash", 1, 1, 0, 0, 0, 1, true, ""});
    const svg::LineChart chart = html_charts::tradeoff_chart(c);
    ASSERT_EQ(chart.series.size(), 2u);
    EXPECT_EQ(chart.series[0].name, "b overwrite, weights in flash");
    ASSERT_EQ(chart.series[0].points.size(), 3u);
    EXPECT_EQ(chart.series[0].points[0].label, "k=1");
    EXPECT_EQ(chart.series[0].points[2].label, "k=4");
    EXPECT_EQ(schedule_family("overwrite,patch=4,weights=sram,attention=row"), "overwrite,attention=row");
}

TEST(TraceWriter, ValidTraceEventsWithNestedLayers) {
    const Report r = sample();
    const nlohmann::json trace = nlohmann::json::parse(report_to_trace(r).dump());
    expect_valid_trace(trace);
    // Layers: 3 slices on the timeline at start_cycle / 200 MHz.
    size_t layers = 0;
    for (const auto& e : trace["traceEvents"]) {
        if (e["ph"] == "X" && e["cat"] == "layer") {
            ++layers;
            if (e["name"] == "block0.mlp.fc1") {
                EXPECT_DOUBLE_EQ(e["ts"].get<double>(), 700 / 200.0);
                EXPECT_DOUBLE_EQ(e["dur"].get<double>(), 1000 / 200.0);
                EXPECT_EQ(e["args"]["predicted_peak_bytes"], 4300);
            }
        }
    }
    EXPECT_EQ(layers, 3u);
}

TEST(TraceWriter, FunctionSlicesAddUpToTheRun) {
    const nlohmann::json trace = report_to_trace(sample());
    double sum = 0, all = 0;
    for (const auto& e : trace["traceEvents"]) {
        if (e["ph"] == "X" && e["cat"] == "function") sum += e["dur"].get<double>();
        if (e["ph"] == "X" && e["name"] == "all functions") all = e["dur"].get<double>();
    }
    EXPECT_DOUBLE_EQ(all, 2000 / 200.0);
    EXPECT_NEAR(sum, all, 1e-9);
}

TEST(TraceChecks, OverlappingSlicesAreRejected) {
    Report r = sample();
    r.layers[1].start_cycle = 500;  // overlaps patch_embed (100..700) without nesting
    EXPECT_FALSE(trace_slices_nest(report_to_trace(r)));
    EXPECT_TRUE(trace_slices_nest(report_to_trace(sample())));
}

TEST(CollapsedWriter, LinesParseAndSumToTheTotal) {
    const Report r = sample();
    const auto by_function = parse_collapsed(report_to_collapsed(r));
    EXPECT_EQ(by_function.size(), 3u);
    EXPECT_EQ(sum_of(by_function), r.cycles);
    EXPECT_EQ(by_function.at("model|x.elf;memcpy:odd"), 350u) << "';' in a frame name is replaced";
    const auto by_layer = parse_collapsed(report_to_collapsed(r, CollapsedBy::Layer));
    EXPECT_EQ(by_layer.size(), 4u);
    EXPECT_EQ(sum_of(by_layer), r.cycles);
    EXPECT_EQ(by_layer.at("model|x.elf;(outside layers)"), 200u);
    EXPECT_EQ(sum_of(parse_collapsed(report_to_collapsed(r, CollapsedBy::Layer, CollapsedMetric::Instructions))),
              r.instructions);
}

}  // namespace
}  // namespace mcuprof::test
