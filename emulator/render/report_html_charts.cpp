#include "emulator/render/report_html_charts.hpp"

#include "emulator/report/tradeoff.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <map>

namespace mcuprof::html_charts {
namespace {

const char* const kPalette[] = {"#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd",
                                "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf"};

std::string row_label(const ComparisonRow& row) {
    std::string label = row.board + " " + schedule_family(row.schedule);
    if (row.patch_kernel) label += fmt::format(" k={}", *row.patch_kernel);
    return label + " w:" + row.weights;
}

}  // namespace

svg::BarChart memory_chart(const Report& r) {
    svg::BarChart chart;
    chart.id = "memory";
    chart.title = "SRAM per layer: measured (stacked) and predicted";
    chart.y_unit = "bytes";
    chart.legend = {{"arena (measured)", "#1f77b4"},
                    {"stack", "#ff7f0e"},
                    {"static + other RAM", "#9fc5e8"},
                    {"predicted", "#2ca02c"}};
    auto measured = [](uint64_t sram, uint64_t stack, std::optional<uint64_t> arena) {
        const uint64_t a = arena.value_or(0);
        const uint64_t rest = sram > stack + a ? sram - stack - a : 0;
        return std::vector<svg::Segment>{{double(a), 0}, {double(stack), 1}, {double(rest), 2}};
    };
    for (const LayerReport& l : r.layers) {
        svg::Category c;
        c.label = l.name;
        c.bars.push_back(measured(l.sram_peak_bytes, l.stack_peak_bytes, l.arena_peak_bytes));
        if (l.predicted_peak_bytes) c.bars.push_back({{double(*l.predicted_peak_bytes), 3}});
        c.tooltip = fmt::format("{}: SRAM peak {} B, stack {} B{}{}", l.name, l.sram_peak_bytes, l.stack_peak_bytes,
                                l.arena_peak_bytes ? fmt::format(", arena {} B", *l.arena_peak_bytes) : "",
                                l.predicted_peak_bytes ? fmt::format(", predicted {} B", *l.predicted_peak_bytes) : "");
        chart.categories.push_back(std::move(c));
    }
    if (r.layers.empty()) {
        svg::Category c;
        c.label = "(whole run)";
        c.bars.push_back(measured(r.memory.sram_peak_bytes, r.memory.stack_peak_bytes, std::nullopt));
        c.tooltip = fmt::format("whole run: SRAM peak {} B, stack {} B", r.memory.sram_peak_bytes,
                                r.memory.stack_peak_bytes);
        chart.categories.push_back(std::move(c));
    }
    if (r.memory.sram_budget_bytes != 0) {
        chart.limit = svg::HorizontalLine{double(r.memory.sram_budget_bytes),
                                          fmt::format("SRAM budget {} B", r.memory.sram_budget_bytes)};
    }
    return chart;
}

svg::BarChart cycles_chart(const Report& r) {
    svg::BarChart chart;
    chart.id = "cycles";
    chart.title = fmt::format("Estimated cycles per layer ({} MHz)", r.clock_hz / 1000000);
    chart.y_unit = "cycles";
    chart.legend = {{"layer", "#1f77b4"}, {"outside layers", "#7f7f7f"}};
    for (const LayerReport& l : r.layers) {
        chart.categories.push_back(
            {l.name, {{{double(l.cycles), 0}}}, fmt::format("{}: {} cycles, {} instructions", l.name, l.cycles,
                                                            l.instructions)});
    }
    chart.categories.push_back({"(outside layers)",
                                {{{double(r.outside_layers.cycles), 1}}},
                                fmt::format("outside layers: {} cycles", r.outside_layers.cycles)});
    return chart;
}

svg::BarChart schedule_chart(const Comparison& c) {
    svg::BarChart chart;
    chart.id = "schedules";
    chart.title = "Peak SRAM per schedule: predicted and measured";
    chart.y_unit = "bytes";
    chart.legend = {{"predicted peak", "#2ca02c"}, {"measured peak", "#1f77b4"}};
    for (const ComparisonRow& row : c.rows) {
        chart.categories.push_back(
            {row_label(row),
             {{{double(row.predicted_peak_bytes), 0}}, {{row.fits ? double(row.measured_peak_bytes) : 0.0, 1}}},
             fmt::format("{} ({}): predicted {} B, measured {} B, {:.3f} ms", row_label(row), row.schedule,
                         row.predicted_peak_bytes, row.measured_peak_bytes, row.latency_ms)});
    }
    return chart;
}

svg::LineChart tradeoff_chart(const Comparison& c) {
    svg::LineChart chart;
    chart.id = "tradeoff";
    chart.title = "Peak memory against latency over the patch kernel k";
    chart.x_label = "latency (ms, estimate)";
    chart.y_label = "peak SRAM (bytes, measured)";
    size_t colour = 0;
    for (const TradeoffCurve& curve : tradeoff_curves(c)) {
        svg::Series s{curve.name(), kPalette[colour++ % std::size(kPalette)], {}};
        for (const TradeoffPoint& p : curve.points) {
            s.points.push_back({p.latency_ms, double(p.measured_peak_bytes),
                                fmt::format("k={}{}", p.k, curve.knee == p.k ? " (knee)" : "")});
        }
        chart.series.push_back(std::move(s));
    }
    return chart;
}

}  // namespace mcuprof::html_charts
