#include "emulator/render/report_html.hpp"

#include "emulator/render/report_format.hpp"
#include "emulator/render/report_html_charts.hpp"
#include "emulator/render/svg_chart.hpp"
#include "emulator/report/tradeoff.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <iterator>

namespace mcuprof {
namespace {

using format::kib;
using format::percent;
using svg::escape;

constexpr const char* kStyle =
    "body{font-family:sans-serif;margin:24px;color:#222;max-width:1400px}"
    "table{border-collapse:collapse;margin:8px 0 20px}td,th{border:1px solid #ccc;padding:3px 8px;font-size:13px}"
    "td.n{text-align:right;font-variant-numeric:tabular-nums}th{background:#f0f0f0}"
    ".chartbox{overflow-x:auto;margin-bottom:16px}.bad{color:#b00;font-weight:bold}.ok{color:#070}";

// Runs on load: every chart the page promises must be there and drawn.
constexpr const char* kCheckScript =
    "(function(){var want=+document.body.getAttribute('data-charts');"
    "var charts=document.querySelectorAll('svg.chart');var bad=[];"
    "if(charts.length!==want)bad.push('charts '+charts.length+' of '+want);"
    "charts.forEach(function(c){var b=c.getBBox();"
    "if(!(b.width>0&&b.height>0)||c.querySelectorAll('rect,polyline,circle').length===0)"
    "bad.push(c.getAttribute('data-chart')+' not drawn');});"
    "document.documentElement.setAttribute('data-check',bad.length?'failed: '+bad.join(', '):'ok');})();";

std::string page_begin(const std::string& title) {
    return fmt::format("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
                       "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
                       "style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:\">"
                       "<title>{}</title><style>{}</style></head>\n",
                       escape(title), kStyle);
}

std::string page_end() { return fmt::format("<script>{}</script>\n</body></html>\n", kCheckScript); }

void summary(std::string& out, const Report& r) {
    auto w = std::back_inserter(out);
    const bool ok = r.exit.reason == "exit" && r.exit.code == 0 && r.violations.empty();
    fmt::format_to(w, "<h1>{} on {}</h1>\n<table>", escape(r.elf), escape(r.board));
    auto row = [&](const std::string& k, const std::string& v) {
        fmt::format_to(w, "<tr><th>{}</th><td>{}</td></tr>", escape(k), v);
    };
    row("core", escape(fmt::format("{} at {} MHz", r.core, r.clock_hz / 1000000)));
    if (!r.clock.source.empty()) row("clock", escape(format::clock_line(r)));
    row("exit", fmt::format("<span class=\"{}\">{} (code {}) {}</span>", ok ? "ok" : "bad", escape(r.exit.reason),
                            r.exit.code, escape(r.exit.detail)));
    row("instructions", fmt::format("{}", r.instructions));
    row("cycles (estimate)", fmt::format("{} ({:.3f} ms)", r.cycles, r.estimated_ms()));
    row("SRAM peak", fmt::format("{} of {} ({:.1f}%)", kib(r.memory.sram_peak_bytes), kib(r.memory.sram_budget_bytes),
                                 percent(r.memory.sram_peak_bytes, r.memory.sram_budget_bytes)));
    if (format::has_arena(r)) {
        row("arena peak (planned tensors)", fmt::format("{} ({} B, measured)", kib(format::arena_peak(r)),
                                                        format::arena_peak(r)));
    }
    row("stack peak", kib(r.memory.stack_peak_bytes));
    row("static (.data + .bss)", kib(r.memory.static_bytes));
    row("flash", fmt::format("{} of {} ({:.1f}%)", kib(r.memory.flash_bytes), kib(r.memory.flash_budget_bytes),
                             percent(r.memory.flash_bytes, r.memory.flash_budget_bytes)));
    row("cycle model", escape(r.model.cycle_model + ", timing mode " + r.model.timing_mode));
    row("memory system", escape(r.model.memory_configuration));
    out += "</table>\n";
}

void layer_table(std::string& out, const Report& r) {
    if (r.layers.empty()) return;
    auto w = std::back_inserter(out);
    const bool predicted = format::has_predictions(r), arena = format::has_arena(r);
    out += "<h2>Layers</h2><table><tr><th>layer</th><th>instructions</th><th>cycles</th><th>start cycle</th>"
           "<th>SRAM peak (B)</th><th>stack (B)</th>";
    if (arena) out += "<th>arena (B)</th>";
    if (predicted) out += "<th>predicted (B)</th><th>delta (B)</th>";
    out += "</tr>\n";
    for (const LayerReport& l : r.layers) {
        fmt::format_to(w,
                       "<tr><td>{}</td><td class=n>{}</td><td class=n>{}</td><td class=n>{}</td><td class=n>{}</td>"
                       "<td class=n>{}</td>",
                       escape(format::layer_label(l)), l.instructions, l.cycles, l.start_cycle, l.sram_peak_bytes, l.stack_peak_bytes);
        if (arena) fmt::format_to(w, "<td class=n>{}</td>", l.arena_peak_bytes ? std::to_string(*l.arena_peak_bytes) : "");
        if (predicted) {
            if (l.predicted_peak_bytes) {
                const int64_t d = format::prediction_delta(l);
                fmt::format_to(w, "<td class=n>{}</td><td class=\"n {}\">{:+}</td>", *l.predicted_peak_bytes,
                               d == 0 ? "ok" : "bad", d);
            } else {
                out += "<td></td><td></td>";
            }
        }
        out += "</tr>\n";
    }
    out += "</table>\n";
}

void function_table(std::string& out, const Report& r, size_t top_n) {
    if (r.functions.empty()) return;
    std::vector<const FunctionReport*> top;
    for (const FunctionReport& f : r.functions) top.push_back(&f);
    std::stable_sort(top.begin(), top.end(), [](auto* a, auto* b) { return a->cycles > b->cycles; });
    if (top.size() > top_n) top.resize(top_n);
    auto w = std::back_inserter(out);
    fmt::format_to(w, "<h2>Top {} functions by self cycles</h2><table><tr><th>function</th><th>self instr</th>"
                      "<th>self cycles</th><th>% cycles</th><th>incl cycles</th><th>calls</th><th>source</th></tr>\n",
                   top.size());
    for (const FunctionReport* f : top) {
        fmt::format_to(w,
                       "<tr><td>{}</td><td class=n>{}</td><td class=n>{}</td><td class=n>{:.1f}%</td>"
                       "<td class=n>{}</td><td class=n>{}</td><td>{}</td></tr>\n",
                       escape(f->name), f->instructions, f->cycles, percent(f->cycles, r.cycles), f->inclusive_cycles,
                       f->calls, f->file.empty() ? "" : escape(fmt::format("{}:{}", f->file, f->line)));
    }
    out += "</table>\n";
}

void violations(std::string& out, const Report& r) {
    if (r.violations.empty() && r.warnings.empty()) return;
    auto w = std::back_inserter(out);
    out += "<h2>Violations and warnings</h2><ul>";
    for (const Violation& v : r.violations) {
        fmt::format_to(w, "<li class=bad>{} at {:#010x}, pc {:#010x} {} {}{}: {}</li>", escape(v.kind), v.address,
                       v.pc, escape(v.function), escape(v.file.empty() ? "" : fmt::format("{}:{}", v.file, v.line)),
                       v.layer ? escape(" in layer " + *v.layer) : "", escape(v.detail));
    }
    for (const std::string& warning : r.warnings) fmt::format_to(w, "<li>{}</li>", escape(warning));
    out += "</ul>\n";
}

void chart(std::string& out, const std::string& svg) { out += "<div class=chartbox>" + svg + "</div>\n"; }

void comparison_section(std::string& out, const Comparison& c, int& charts) {
    out += "<h2>Schedule comparison: " + escape(c.model) + "</h2>\n";
    chart(out, svg::render(html_charts::schedule_chart(c)));
    ++charts;
    chart(out, svg::render(html_charts::tradeoff_chart(c)));
    ++charts;
    const std::string knees = describe_knees(tradeoff_curves(c));
    if (!knees.empty()) {
        out += "<ul>";
        size_t at = 0;
        while (at < knees.size()) {
            const size_t end = knees.find('\n', at);
            out += "<li>" + escape(knees.substr(at + 2, end - at - 2)) + "</li>";
            at = end + 1;
        }
        out += "</ul>\n";
    }
    auto w = std::back_inserter(out);
    out += "<table><tr><th>board</th><th>schedule</th><th>k</th><th>weights</th><th>predicted peak (B)</th>"
           "<th>measured peak (B)</th><th>flash (B)</th><th>instructions</th><th>cycles</th><th>latency (ms)</th>"
           "<th>ok</th></tr>\n";
    for (const ComparisonRow& row : c.rows) {
        fmt::format_to(w,
                       "<tr><td>{}</td><td>{}</td><td class=n>{}</td><td>{}</td><td class=n>{}</td><td class=n>{}</td>"
                       "<td class=n>{}</td><td class=n>{}</td><td class=n>{}</td><td class=n>{:.3f}</td>"
                       "<td class={}>{}</td></tr>\n",
                       escape(row.board), escape(row.schedule),
                       row.patch_kernel ? std::to_string(*row.patch_kernel) : "", escape(row.weights),
                       row.predicted_peak_bytes, row.measured_peak_bytes, row.flash_bytes, row.instructions,
                       row.cycles, row.latency_ms, row.ok ? "ok" : "bad",
                       row.ok ? "yes" : escape((row.fits ? "" : "does not fit: ") + row.note));
    }
    out += "</table>\n";
}

std::string body(int charts, const std::string& content) {
    return fmt::format("<body data-charts=\"{}\">\n{}", charts, content);
}

}  // namespace

std::string report_to_html(const Report& r, const Comparison* comparison, const HtmlOptions& options) {
    std::string content;
    int charts = 0;
    summary(content, r);
    content += "<h2>Memory and cycles per layer</h2>\n";
    chart(content, svg::render(html_charts::memory_chart(r)));
    ++charts;
    chart(content, svg::render(html_charts::cycles_chart(r)));
    ++charts;
    if (comparison != nullptr) comparison_section(content, *comparison, charts);
    layer_table(content, r);
    function_table(content, r, options.top_functions);
    violations(content, r);
    return page_begin("mcuprof: " + r.elf + " on " + r.board) + body(charts, content) + page_end();
}

std::string comparison_to_html(const Comparison& c) {
    std::string content = "<h1>mcuprof compare</h1>\n";
    int charts = 0;
    comparison_section(content, c, charts);
    return page_begin("mcuprof compare: " + c.model) + body(charts, content) + page_end();
}

}  // namespace mcuprof
