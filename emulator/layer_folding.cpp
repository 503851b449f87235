#include "emulator/layer_folding.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <unordered_map>

namespace mcuprof {
namespace {

std::optional<uint64_t> max_of(std::optional<uint64_t> a, std::optional<uint64_t> b) {
    if (!a) return b;
    if (!b) return a;
    return std::max(*a, *b);
}

uint64_t runs_of(const LayerReport& l) { return l.runs; }
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

struct Folded {
    uint64_t runs = 0;   // runs folded
    size_t rows = 0;     // rows they became
    bool other = false;  // some went into the kOtherLayersName row
};

// Folds rows[runs_kept..] by name, at most names_kept names, the rest into one row.
template <typename Row>
Folded fold_rows(std::vector<Row>& rows, size_t runs_kept, size_t names_kept) {
    Folded result;
    if (rows.size() <= runs_kept) return result;
    std::vector<Row> folded;
    std::unordered_map<std::string, size_t> row_of_name;
    std::optional<Row> other;
    for (size_t i = runs_kept; i < rows.size(); ++i) {
        Row& run = rows[i];
        result.runs += runs_of(run);
        auto it = row_of_name.find(run.name);
        if (it != row_of_name.end()) {
            fold_into(folded[it->second], run);
        } else if (folded.size() < names_kept) {
            row_of_name.emplace(run.name, folded.size());
            folded.push_back(std::move(run));
        } else if (other) {
            fold_into(*other, run);
        } else {
            other = std::move(run);
            other->name = kOtherLayersName;
        }
    }
    rows.resize(runs_kept);
    result.rows = folded.size() + (other ? 1 : 0);
    result.other = other.has_value();
    rows.insert(rows.end(), std::make_move_iterator(folded.begin()), std::make_move_iterator(folded.end()));
    if (other) rows.push_back(std::move(*other));
    return result;
}

}  // namespace

void fold_layer_runs(Report& report, size_t runs_kept, size_t names_kept) {
    const Folded layers = fold_rows(report.layers, runs_kept, names_kept);
    if (layers.runs != 0) {
        report.warnings.push_back(fmt::format(
            "{} layer runs after the first {} were folded into {} rows by layer name (runs: how many; instructions "
            "and cycles summed, peaks are maxima){}; per-run figures past the first {} are not kept",
            layers.runs, runs_kept, layers.rows,
            layers.other ? fmt::format(", names past the first {} into one row '{}'", names_kept, kOtherLayersName)
                         : "",
            runs_kept));
    }
    if (!report.exact) return;
    const Folded exact = fold_rows(report.exact->layers, runs_kept, names_kept);
    if (exact.runs != 0) {
        report.warnings.push_back(fmt::format(
            "exact mode: {} layer footprints after the first {} were folded into {} rows by layer name (distinct "
            "bytes and peaks are maxima over the runs, access counts summed)",
            exact.runs, runs_kept, exact.rows));
    }
}

}  // namespace mcuprof
