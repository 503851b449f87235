#include "emulator/report/exact_report_json.hpp"

#include "emulator/report/json_optional.hpp"

namespace mcuprof {
namespace {

nlohmann::json footprint_json(const ExactLayerFootprint& f) {
    return {
        {"name", f.name},
        {"bytes_read", f.bytes_read},
        {"bytes_written", f.bytes_written},
        {"bytes_touched", f.bytes_touched},
        {"lowest_address", optional_json(f.lowest)},
        {"highest_address", optional_json(f.highest)},
        {"stack_peak_bytes", f.stack_peak_bytes},
        {"sram_peak_bytes", f.sram_peak_bytes},
        {"reads", f.reads},
        {"writes", f.writes},
        {"uninitialised_read_bytes", f.uninitialised_read_bytes},
        {"dead_read_bytes", f.dead_read_bytes},
        {"arena_peak_bytes", optional_json(f.arena_peak_bytes)},
    };
}

}  // namespace

nlohmann::json exact_to_json(const ExactReport& e) {
    nlohmann::json layers = nlohmann::json::array();
    for (const ExactLayerFootprint& f : e.layers) layers.push_back(footprint_json(f));
    nlohmann::json findings = nlohmann::json::array();
    for (const ExactFinding& f : e.findings) {
        findings.push_back({
            {"kind", f.kind},
            {"address", f.address},
            {"pc", f.pc},
            {"function", f.function},
            {"file", f.file},
            {"line", f.line},
            {"layer", optional_json(f.layer)},
            {"tensor", optional_json(f.tensor)},
        });
    }
    nlohmann::json tensors = nlohmann::json::array();
    for (const ExactTensorAccess& t : e.tensors) {
        tensors.push_back({{"name", t.name},
                           {"bytes_read", t.bytes_read},
                           {"bytes_written", t.bytes_written},
                           {"reads", t.reads},
                           {"writes", t.writes}});
    }
    return {
        {"scope", e.scope},
        {"layers", layers},
        {"outside_layers", footprint_json(e.outside)},
        {"written_outside_stack", e.written_outside_stack},
        {"written_outside_stack_holding_paint", e.written_outside_stack_holding_paint},
        {"stack_peak_bytes", e.stack_peak_bytes},
        {"uninitialised_reads", e.uninitialised_reads},
        {"dead_reads", e.dead_reads},
        {"unplanned_writes", e.unplanned_writes},
        {"findings", findings},
        {"tensors", tensors},
    };
}

}  // namespace mcuprof
