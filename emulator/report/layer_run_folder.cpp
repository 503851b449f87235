#include "emulator/report/layer_run_folder.hpp"

#include <algorithm>

namespace mcuprof {
namespace {

std::optional<uint64_t> max_of(std::optional<uint64_t> a, std::optional<uint64_t> b) {
    if (!a) return b;
    if (!b) return a;
    return std::max(*a, *b);
}

}  // namespace

uint64_t runs_of(const LayerReport& row) { return row.runs; }
uint64_t runs_of(const ExactLayerFootprint&) { return 1; }

void fold_into(LayerReport& row, const LayerReport& run) {
    row.runs += run.runs;
    row.instructions += run.instructions;
    row.cycles += run.cycles;
    row.sram_peak_bytes = std::max(row.sram_peak_bytes, run.sram_peak_bytes);
    row.stack_peak_bytes = std::max(row.stack_peak_bytes, run.stack_peak_bytes);
    row.predicted_peak_bytes = max_of(row.predicted_peak_bytes, run.predicted_peak_bytes);
    row.arena_peak_bytes = max_of(row.arena_peak_bytes, run.arena_peak_bytes);
    row.stack_bound_bytes = max_of(row.stack_bound_bytes, run.stack_bound_bytes);
}

// Exact footprints have no run count: distinct-byte figures and peaks of a
// folded row are the maxima over its runs, access counts are summed.
void fold_into(ExactLayerFootprint& row, const ExactLayerFootprint& run) {
    row.bytes_read = std::max(row.bytes_read, run.bytes_read);
    row.bytes_written = std::max(row.bytes_written, run.bytes_written);
    row.bytes_touched = std::max(row.bytes_touched, run.bytes_touched);
    if (run.lowest) row.lowest = std::min(row.lowest.value_or(*run.lowest), *run.lowest);
    if (run.highest) row.highest = std::max(row.highest.value_or(*run.highest), *run.highest);
    row.stack_peak_bytes = std::max(row.stack_peak_bytes, run.stack_peak_bytes);
    row.sram_peak_bytes = std::max(row.sram_peak_bytes, run.sram_peak_bytes);
    row.reads += run.reads;
    row.writes += run.writes;
    row.uninitialised_read_bytes += run.uninitialised_read_bytes;
    row.dead_read_bytes += run.dead_read_bytes;
    row.arena_peak_bytes = max_of(row.arena_peak_bytes, run.arena_peak_bytes);
}

}  // namespace mcuprof
