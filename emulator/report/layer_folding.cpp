#include "emulator/report/layer_folding.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace mcuprof {
namespace {

struct Folded {
    uint64_t runs = 0;   // runs folded
    size_t rows = 0;     // rows they became
    bool other = false;  // some went into the kOtherLayersName row
};

// Folds rows[runs_kept..] by name, at most names_kept names, the rest into one row.
template <typename Row>
Folded fold_rows(std::vector<Row>& rows, size_t runs_kept, size_t names_kept) {
    if (rows.size() <= runs_kept) return {};
    LayerRunFolder<Row> folder(runs_kept, names_kept);
    for (Row& run : rows) folder.add(std::move(run));
    rows = folder.rows();
    return Folded{folder.folded_runs(), folder.folded_rows(), folder.has_other()};
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
