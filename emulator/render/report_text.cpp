#include "emulator/render/report_text.hpp"

#include "emulator/render/report_format.hpp"
#include "emulator/text/printable_text.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <iterator>

namespace mcuprof {
namespace {

std::string kib(uint64_t bytes) { return fmt::format("{:.1f} KB", double(bytes) / 1024.0); }

double percent(uint64_t part, uint64_t whole) { return whole == 0 ? 0.0 : 100.0 * double(part) / double(whole); }

void append_location(std::string& out, const Violation& v) {
    if (!v.function.empty()) fmt::format_to(std::back_inserter(out), " in {}", printable(v.function));
    if (!v.file.empty()) fmt::format_to(std::back_inserter(out), " ({}:{})", printable(v.file), v.line);
    if (v.layer) fmt::format_to(std::back_inserter(out), " during layer {}", printable(*v.layer));
}

void append_exact(std::string& out, const ExactReport& e) {
    auto w = std::back_inserter(out);
    fmt::format_to(w, "\nexact mode: {} bytes written outside the stack ({} of them hold their paint value), "
                      "{} uninitialised byte reads, {} dead byte reads\n",
                   e.written_outside_stack, e.written_outside_stack_holding_paint, e.uninitialised_reads,
                   e.dead_reads);
    fmt::format_to(w, "{:<32} {:>12} {:>12} {:>12} {:>12} {:>12}\n", "layer (exact)", "bytes read", "written",
                   "touched", "highest", "stack");
    for (const ExactLayerFootprint& f : e.layers) {
        fmt::format_to(w, "{:<32} {:>12} {:>12} {:>12} {:>12} {:>12}\n", printable(f.name), f.bytes_read, f.bytes_written,
                       f.bytes_touched, f.highest ? fmt::format("{:#010x}", *f.highest) : "-", f.stack_peak_bytes);
    }
    for (const ExactFinding& f : e.findings) {
        fmt::format_to(w, "{} at {:#010x}, pc {:#010x}{}{}{}\n", printable(f.kind), f.address, f.pc,
                       f.function.empty() ? "" : " in " + printable(f.function),
                       f.layer ? " during layer " + printable(*f.layer) : std::string(),
                       f.tensor ? " (tensor " + printable(*f.tensor) + ")" : std::string());
    }
}

// "firmware exited with status 3", or "stopped (fault)" when mcuprof ended the run.
std::string outcome(const ExitInfo& e) {
    if (e.reason == "exit") return fmt::format("firmware exited with status {}", e.code);
    return fmt::format("stopped ({})", e.reason);
}

}  // namespace

std::string report_to_text(const Report& r, const TextOptions& options) {
    std::string out;
    auto w = std::back_inserter(out);
    fmt::format_to(w, "{} on {} ({}, {} MHz): {}{}\n", printable(r.elf), printable(r.board), printable(r.core),
                   r.clock_hz / 1000000, printable(outcome(r.exit)),
                   r.exit.detail.empty() ? "" : ": " + printable(r.exit.detail));
    fmt::format_to(w, "instructions {}  cycles {} (estimate)  latency {:.3f} ms at {} MHz\n", r.instructions,
                   r.cycles, r.estimated_ms(), r.clock_hz / 1000000);
    if (!r.clock.source.empty()) fmt::format_to(w, "clock {}\n", printable(format::clock_line(r)));
    if (!r.model.memory_configuration.empty()) {
        fmt::format_to(w, "memory system: {} (timing mode {})\n", printable(r.model.memory_configuration),
                       printable(r.model.timing_mode));
    }
    fmt::format_to(w, "SRAM peak {} of {} budget  stack peak {}  static {}  flash {} of {}\n",
                   kib(r.memory.sram_peak_bytes), kib(r.memory.sram_budget_bytes), kib(r.memory.stack_peak_bytes),
                   kib(r.memory.static_bytes), kib(r.memory.flash_bytes), kib(r.memory.flash_budget_bytes));

    if (!r.layers.empty()) {
        const bool predicted = std::any_of(r.layers.begin(), r.layers.end(),
                                           [](const LayerReport& l) { return l.predicted_peak_bytes.has_value(); });
        fmt::format_to(w, "\n{:<32} {:>14} {:>14} {:>6} {:>12} {:>10}", "layer", "instructions", "cycles", "%cyc",
                       "SRAM peak", "stack");
        if (predicted) fmt::format_to(w, " {:>12} {:>8}", "predicted", "delta");
        fmt::format_to(w, "\n");
        for (const LayerReport& l : r.layers) {
            fmt::format_to(w, "{:<32} {:>14} {:>14} {:>5.1f}% {:>12} {:>10}", printable(format::layer_label(l)), l.instructions, l.cycles,
                           percent(l.cycles, r.cycles), l.sram_peak_bytes, l.stack_peak_bytes);
            if (l.predicted_peak_bytes) {
                // Against the measured arena peak when the run tracked a plan's arena.
                const uint64_t measured = l.arena_peak_bytes.value_or(l.sram_peak_bytes);
                fmt::format_to(w, " {:>12} {:>+8}", *l.predicted_peak_bytes,
                               int64_t(measured) - int64_t(*l.predicted_peak_bytes));
            }
            fmt::format_to(w, "\n");
        }
        fmt::format_to(w, "{:<32} {:>14} {:>14} {:>5.1f}%\n", "(outside layers)", r.outside_layers.instructions,
                       r.outside_layers.cycles, percent(r.outside_layers.cycles, r.cycles));
    }

    if (!r.functions.empty()) {
        std::vector<const FunctionReport*> top;
        for (const FunctionReport& f : r.functions) top.push_back(&f);
        std::sort(top.begin(), top.end(), [](auto* a, auto* b) { return a->cycles > b->cycles; });
        if (top.size() > options.top_functions) top.resize(options.top_functions);
        fmt::format_to(w, "\n{:<40} {:>14} {:>14} {:>6} {:>14} {:>10}\n", "function (top by self cycles)",
                       "self instr", "self cycles", "%cyc", "incl cycles", "calls");
        for (const FunctionReport* f : top) {
            fmt::format_to(w, "{:<40} {:>14} {:>14} {:>5.1f}% {:>14} {:>10}\n", printable(f->name), f->instructions,
                           f->cycles, percent(f->cycles, r.cycles), f->inclusive_cycles, f->calls);
        }
    }

    if (!r.model.unpriced.empty()) {
        fmt::format_to(w, "\n{:<16} {:<40} {:>14}\n", "unpriced", "function", "executed");
        const size_t shown = std::min(options.top_functions, r.model.unpriced.size());
        for (size_t i = 0; i < shown; ++i) {
            const UnpricedInstruction& u = r.model.unpriced[i];
            fmt::format_to(w, "{:<16} {:<40} {:>14}\n", printable(u.mnemonic), printable(u.function), u.count);
        }
        if (shown < r.model.unpriced.size())
            fmt::format_to(w, "({} more in the JSON report)\n", r.model.unpriced.size() - shown);
    }

    if (r.exact) append_exact(out, *r.exact);

    for (const Violation& v : r.violations) {
        fmt::format_to(w, "\nviolation {}: {} at {:#010x}", printable(v.kind), printable(v.detail), v.address);
        fmt::format_to(w, ", pc {:#010x}", v.pc);
        append_location(out, v);
        fmt::format_to(std::back_inserter(out), "\n");
    }
    for (const std::string& warning : r.warnings) fmt::format_to(std::back_inserter(out), "warning: {}\n", printable(warning));
    return out;
}

}  // namespace mcuprof
