// Checks a report against budgets (and optionally a baseline report): one
// finding per limit, passed or not, with the overshoot when it failed.
#pragma once

#include "emulator/report/report.hpp"
#include "tools/check/budgets.hpp"

#include <optional>
#include <string>
#include <vector>

namespace mcuprof::check {

struct Finding {
    enum class Kind { Budget, Baseline, MissingLayer, Exit };
    Kind kind = Kind::Budget;
    std::optional<std::string> layer;  // none: the whole run
    std::optional<Metric> metric;      // none for MissingLayer and Exit
    uint64_t limit = 0;                // the largest figure that holds
    uint64_t actual = 0;
    uint64_t baseline = 0;             // Kind::Baseline: the baseline's figure
    bool passed = true;
    std::string message;               // one line, e.g. "layer fc1: sram_peak_bytes 4801 exceeds ... by 1 byte"

    uint64_t overshoot() const { return actual > limit ? actual - limit : 0; }
    std::string scope() const { return layer ? "layer " + *layer : "run"; }
};

struct CheckResult {
    std::string subject;  // what was checked: the ELF (and board)
    std::vector<Finding> findings;

    bool passed() const;
    size_t failures() const;
};

CheckResult check_report(const Report& report, const Budgets& budgets, const Report* baseline = nullptr);

// The figure of a metric for the whole run or one layer (none when the report
// does not have it, e.g. the arena peak of a run without a plan).
std::optional<uint64_t> figure(const Report& report, const LayerReport* layer, Metric metric);

}  // namespace mcuprof::check
