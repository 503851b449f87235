// Bounds the layer rows of a report. A firmware may emit any number of layer
// markers (a loop emitting a million gave a 0.7 GB HTML report), so past the
// first kLayerRunsKept runs, later runs are folded into one row per layer
// name (runs counts them; instructions and cycles are summed, peaks are
// maxima, start_cycle is the first folded run's), and past kFoldedNamesKept
// such names, the remaining runs go into a single kOtherLayersName row.
// Layers plus outside_layers still add up to the run's totals, and a warning
// says how many runs were folded. Exact mode's per-layer footprints are
// folded the same way. Applied where reports are made (the runner, whose
// layer tracker already folds while the firmware runs: folding its rows again
// changes nothing but adds the warning) and read (report_json_read), so
// every writer sees bounded rows.
#pragma once

#include "emulator/report/layer_run_folder.hpp"
#include "emulator/report/report.hpp"

#include <cstddef>

namespace mcuprof {

void fold_layer_runs(Report& report, size_t runs_kept = kLayerRunsKept, size_t names_kept = kFoldedNamesKept);

}  // namespace mcuprof
