#include "emulator/report/report_json.hpp"

#include "emulator/report/exact_report_json.hpp"
#include "emulator/report/json_optional.hpp"

namespace mcuprof {
namespace {

nlohmann::json violation_json(const Violation& v) {
    return {
        {"kind", v.kind},         {"address", v.address}, {"size", v.size},
        {"access", v.access},     {"pc", v.pc},           {"function", v.function},
        {"file", v.file},         {"line", v.line},       {"layer", optional_json(v.layer)},
        {"detail", v.detail},
    };
}

}  // namespace

nlohmann::json report_to_json(const Report& r) {
    nlohmann::json out = report_core_json(r);
    if (r.exact) out["exact"] = exact_to_json(*r.exact);
    return out;
}

nlohmann::json report_core_json(const Report& r) {
    nlohmann::json layers = nlohmann::json::array();
    for (const LayerReport& l : r.layers) {
        layers.push_back({
            {"name", l.name},
            {"instructions", l.instructions},
            {"cycles", l.cycles},
            {"start_cycle", l.start_cycle},
            {"sram_peak_bytes", l.sram_peak_bytes},
            {"stack_peak_bytes", l.stack_peak_bytes},
            {"predicted_peak_bytes", optional_json(l.predicted_peak_bytes)},
            {"arena_peak_bytes", optional_json(l.arena_peak_bytes)},
            {"stack_bound_bytes", optional_json(l.stack_bound_bytes)},
        });
        if (l.runs != 1) layers.back()["runs"] = l.runs;  // a folded row (layer_folding.hpp)
    }
    nlohmann::json functions = nlohmann::json::array();
    for (const FunctionReport& f : r.functions) {
        functions.push_back({
            {"name", f.name},
            {"instructions", f.instructions},
            {"cycles", f.cycles},
            {"inclusive_instructions", f.inclusive_instructions},
            {"inclusive_cycles", f.inclusive_cycles},
            {"calls", f.calls},
            {"file", f.file},
            {"line", f.line},
        });
    }
    nlohmann::json violations = nlohmann::json::array();
    for (const Violation& v : r.violations) violations.push_back(violation_json(v));
    nlohmann::json unpriced = nlohmann::json::array();
    for (const UnpricedInstruction& u : r.model.unpriced)
        unpriced.push_back({{"mnemonic", u.mnemonic}, {"function", u.function}, {"count", u.count}});
    nlohmann::json timeline = nlohmann::json::array();
    for (const ClockSpanReport& s : r.clock.timeline) timeline.push_back({{"from_cycle", s.from_cycle}, {"hz", s.hz}});

    nlohmann::ordered_json caches = nlohmann::ordered_json::array();
    for (const CacheReport& c : r.model.caches) {
        caches.push_back({{"name", c.name}, {"misses", c.misses}});
    }
    return {
        {"schema", r.schema},
        {"board", r.board},
        {"core", r.core},
        {"clock_hz", r.clock_hz},
        {"clock",
         {{"hz", r.clock.hz}, {"source", r.clock.source}, {"configured", r.clock.configured}, {"timeline", timeline}}},
        {"elf", r.elf},
        {"exit", {{"reason", r.exit.reason}, {"code", r.exit.code}, {"detail", r.exit.detail}}},
        {"instructions", r.instructions},
        {"cycles", r.cycles},
        {"estimated_ms", r.estimated_ms()},
        {"memory",
         {
             {"sram_peak_bytes", r.memory.sram_peak_bytes},
             {"stack_peak_bytes", r.memory.stack_peak_bytes},
             {"static_bytes", r.memory.static_bytes},
             {"flash_bytes", r.memory.flash_bytes},
             {"sram_budget_bytes", r.memory.sram_budget_bytes},
             {"flash_budget_bytes", r.memory.flash_budget_bytes},
             {"stack_top", r.memory.stack_top},
             {"stack_limit", r.memory.stack_limit},
         }},
        {"layers", layers},
        {"outside_layers", {{"instructions", r.outside_layers.instructions}, {"cycles", r.outside_layers.cycles}}},
        {"functions", functions},
        {"violations", violations},
        {"warnings", r.warnings},
        {"model",
         {
             {"cycle_model", r.model.cycle_model},
             {"timing_mode", r.model.timing_mode},
             {"memory_configuration", r.model.memory_configuration},
             {"fetch_stall_cycles", r.model.fetch_stall_cycles},
             {"data_stall_cycles", r.model.data_stall_cycles},
             {"caches", caches},
             {"unmodelled_instructions", r.model.unmodelled_instructions},
             {"unpriced", unpriced},
         }},
        {"peripheral_accesses", r.peripheral_accesses},
        {"console", r.console},
        {"wall_seconds", r.wall_seconds},
    };
}

}  // namespace mcuprof
