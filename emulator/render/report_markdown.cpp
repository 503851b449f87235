#include "emulator/render/report_markdown.hpp"

#include "emulator/render/report_format.hpp"
#include "emulator/report/tradeoff.hpp"
#include "emulator/text/printable_text.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <iterator>

namespace mcuprof {
namespace {

using format::kib;
using format::percent;

void summary(std::string& out, const Report& r) {
    auto w = std::back_inserter(out);
    const bool ok = r.exit.reason == "exit" && r.exit.code == 0 && r.violations.empty();
    fmt::format_to(w, "### mcuprof: {} on {} ({}, {} MHz) {}\n\n", markdown_code(r.elf), printable(r.board),
                   printable(r.core), r.clock_hz / 1000000, ok ? "✅" : "❌");
    fmt::format_to(w, "| | |\n|---|---|\n");
    fmt::format_to(w, "| exit | {} (code {}){} |\n", printable(r.exit.reason), r.exit.code,
                   r.exit.detail.empty() ? "" : ": " + markdown_escape(r.exit.detail));
    fmt::format_to(w, "| instructions | {} |\n", r.instructions);
    fmt::format_to(w, "| cycles (estimate) | {} |\n", r.cycles);
    fmt::format_to(w, "| latency | {:.3f} ms at {} MHz |\n", r.estimated_ms(), r.clock_hz / 1000000);
    if (!r.clock.source.empty()) fmt::format_to(w, "| clock | {} |\n", markdown_escape(format::clock_line(r)));
    if (!r.model.memory_configuration.empty()) {
        fmt::format_to(w, "| memory system | {} (timing mode {}) |\n", markdown_escape(r.model.memory_configuration),
                       markdown_escape(r.model.timing_mode));
    }
    fmt::format_to(w, "| SRAM peak | {} of {} ({:.1f}%) |\n", kib(r.memory.sram_peak_bytes),
                   kib(r.memory.sram_budget_bytes), percent(r.memory.sram_peak_bytes, r.memory.sram_budget_bytes));
    if (format::has_arena(r)) {
        fmt::format_to(w, "| arena peak (planned tensors) | {} ({} B, measured) |\n", kib(format::arena_peak(r)),
                       format::arena_peak(r));
    }
    fmt::format_to(w, "| stack peak | {} |\n", kib(r.memory.stack_peak_bytes));
    fmt::format_to(w, "| static (.data + .bss) | {} |\n", kib(r.memory.static_bytes));
    fmt::format_to(w, "| flash | {} of {} ({:.1f}%) |\n", kib(r.memory.flash_bytes),
                   kib(r.memory.flash_budget_bytes), percent(r.memory.flash_bytes, r.memory.flash_budget_bytes));
}

void layer_table(std::string& out, const Report& r) {
    if (r.layers.empty()) return;
    auto w = std::back_inserter(out);
    const bool predicted = format::has_predictions(r);
    const bool arena = format::has_arena(r);
    fmt::format_to(w, "\n#### Layers\n\n| layer | instructions | cycles | % cycles | SRAM peak (B) | stack (B) |");
    if (arena) fmt::format_to(w, " arena (B) |");
    if (predicted) fmt::format_to(w, " predicted (B) | delta (B) |");
    fmt::format_to(w, "\n|---|--:|--:|--:|--:|--:|{}{}\n", arena ? "--:|" : "", predicted ? "--:|--:|" : "");
    for (const LayerReport& l : r.layers) {
        fmt::format_to(w, "| {} | {} | {} | {:.1f}% | {} | {} |", markdown_code(format::layer_label(l)), l.instructions, l.cycles,
                       percent(l.cycles, r.cycles), l.sram_peak_bytes, l.stack_peak_bytes);
        if (arena) {
            if (l.arena_peak_bytes) fmt::format_to(w, " {} |", *l.arena_peak_bytes);
            else fmt::format_to(w, " – |");
        }
        if (predicted) {
            if (l.predicted_peak_bytes) {
                const int64_t d = format::prediction_delta(l);
                const std::string delta = fmt::format("{:+}", d);
                fmt::format_to(w, " {} | {} |", *l.predicted_peak_bytes, d == 0 ? delta : "**" + delta + "**");
            } else {
                fmt::format_to(w, " – | – |");
            }
        }
        fmt::format_to(w, "\n");
    }
    fmt::format_to(w, "| *(outside layers)* | {} | {} | {:.1f}% | | |{}{}\n", r.outside_layers.instructions,
                   r.outside_layers.cycles, percent(r.outside_layers.cycles, r.cycles), arena ? " |" : "",
                   predicted ? " | |" : "");
    if (predicted) {
        fmt::format_to(w, "\nDelta: measured {} minus the planner's prediction.\n",
                       arena ? "arena peak" : "SRAM peak");
    }
}

void function_table(std::string& out, const Report& r, size_t top_n) {
    if (r.functions.empty() || top_n == 0) return;
    auto w = std::back_inserter(out);
    std::vector<const FunctionReport*> top;
    for (const FunctionReport& f : r.functions) top.push_back(&f);
    std::stable_sort(top.begin(), top.end(), [](auto* a, auto* b) { return a->cycles > b->cycles; });
    if (top.size() > top_n) top.resize(top_n);
    fmt::format_to(w, "\n<details><summary>Top {} functions by self cycles</summary>\n\n", top.size());
    fmt::format_to(w, "| function | self instr | self cycles | % cycles | incl cycles | calls |\n"
                      "|---|--:|--:|--:|--:|--:|\n");
    for (const FunctionReport* f : top) {
        fmt::format_to(w, "| {} | {} | {} | {:.1f}% | {} | {} |\n", markdown_code(f->name), f->instructions,
                       f->cycles, percent(f->cycles, r.cycles), f->inclusive_cycles, f->calls);
    }
    fmt::format_to(w, "\n</details>\n");
}

// Instructions costed with a default instead of a published figure, so a
// reader knows which of the cycles are guesses.
void unpriced_table(std::string& out, const Report& r, size_t top_n) {
    if (r.model.unpriced.empty()) return;
    auto w = std::back_inserter(out);
    fmt::format_to(w, "\n#### Unpriced instructions\n\n{} executed instructions were costed with a default "
                      "(no published figure, or not decoded).\n\n| mnemonic | function | executed |\n|---|---|--:|\n",
                   r.model.unmodelled_instructions);
    const size_t shown = std::min(top_n, r.model.unpriced.size());
    for (size_t i = 0; i < shown; ++i) {
        const UnpricedInstruction& u = r.model.unpriced[i];
        fmt::format_to(w, "| {} | {} | {} |\n", markdown_code(u.mnemonic), markdown_code(u.function), u.count);
    }
    if (shown < r.model.unpriced.size()) fmt::format_to(w, "\n({} more rows in the JSON report)\n", r.model.unpriced.size() - shown);
}

void violations(std::string& out, const Report& r) {
    auto w = std::back_inserter(out);
    if (!r.violations.empty()) {
        fmt::format_to(w, "\n#### Violations\n\n");
        for (const Violation& v : r.violations) {
            fmt::format_to(w, "- **{}** at `{:#010x}` (pc `{:#010x}`", printable(v.kind), v.address, v.pc);
            if (!v.function.empty()) fmt::format_to(w, ", in {}", markdown_code(v.function));
            if (!v.file.empty()) fmt::format_to(w, ", {}:{}", markdown_escape(v.file), v.line);
            if (v.layer) fmt::format_to(w, ", layer {}", markdown_code(*v.layer));
            fmt::format_to(w, "): {}\n", markdown_escape(v.detail));
        }
    }
    if (!r.warnings.empty()) {
        fmt::format_to(w, "\n#### Warnings\n\n");
        for (const std::string& warning : r.warnings) fmt::format_to(w, "- {}\n", markdown_escape(warning));
    }
}

}  // namespace

// Both helpers also turn control characters and invalid UTF-8 into visible
// escapes (printable), so a hostile name can neither break a table row nor
// carry terminal sequences into a pull-request comment.
std::string markdown_code(const std::string& text) {
    std::string out;
    for (size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (c == '`') out += '\'';
        else if (c == '|') out += "\\|";  // GFM tables split on | even inside code spans
        else if (c == '\\' && i + 1 < text.size() && text[i + 1] == '|') out += "\\\\";  // keeps the next \| escaped
        else if (c == '\n') out += ' ';
        else out += c;
    }
    return "`" + printable(out) + "`";
}

std::string markdown_escape(const std::string& text) {
    std::string out;
    for (char c : text) {
        if (c == '|' || c == '`' || c == '*' || c == '_' || c == '<' || c == '>' || c == '[' || c == ']' ||
            c == '\\') {
            out += '\\';
        }
        if (c == '\n') {
            out += ' ';
            continue;
        }
        out += c;
    }
    return printable(out);
}

std::string report_to_markdown(const Report& r, const MarkdownOptions& options) {
    std::string out;
    summary(out, r);
    layer_table(out, r);
    function_table(out, r, options.top_functions);
    unpriced_table(out, r, options.top_functions);
    violations(out, r);
    return out;
}

std::string comparison_to_markdown(const Comparison& c) {
    std::string out;
    auto w = std::back_inserter(out);
    fmt::format_to(w, "### mcuprof compare: {}\n\n", markdown_code(c.model));
    fmt::format_to(w, "| board | schedule | k | weights | predicted peak (B) | measured peak (B) | delta (B) | flash (B) "
                      "| instructions | cycles | latency (ms) | |\n"
                      "|---|---|--:|---|--:|--:|--:|--:|--:|--:|--:|---|\n");
    for (const ComparisonRow& row : c.rows) {
        const std::string k = row.patch_kernel ? std::to_string(*row.patch_kernel) : "–";
        if (!row.fits) {
            fmt::format_to(w, "| {} | {} | {} | {} | {} | | | | | | | does not fit: {} |\n", row.board,
                           markdown_code(row.schedule), k, row.weights, row.predicted_peak_bytes,
                           markdown_escape(row.note));
            continue;
        }
        fmt::format_to(w, "| {} | {} | {} | {} | {} | {} | {:+} | {} | {} | {} | {:.3f} | {} |\n", row.board,
                       markdown_code(row.schedule), k, row.weights, row.predicted_peak_bytes, row.measured_peak_bytes,
                       int64_t(row.measured_peak_bytes) - int64_t(row.predicted_peak_bytes), row.flash_bytes,
                       row.instructions, row.cycles, row.latency_ms, row.ok ? "✅" : "❌ " + markdown_escape(row.note));
    }
    const std::vector<TradeoffCurve> curves = tradeoff_curves(c);
    if (!curves.empty()) {
        fmt::format_to(w, "\n#### Peak memory against latency over the patch kernel k\n\n");
        for (const TradeoffCurve& curve : curves) {
            fmt::format_to(w, "{}: ", markdown_escape(curve.name()));
            for (size_t i = 0; i < curve.points.size(); ++i) {
                const TradeoffPoint& p = curve.points[i];
                fmt::format_to(w, "{}k={} {} B / {:.3f} ms", i == 0 ? "" : ", ", p.k, p.measured_peak_bytes,
                               p.latency_ms);
            }
            out += "\n\n";
        }
        out += describe_knees(curves);
    }
    return out;
}

}  // namespace mcuprof
