// The budgets file of `mcuprof check` (TOML):
//
//   [run]                         # limits on the whole run
//   sram_peak_bytes  = 131072
//   stack_peak_bytes = 4096
//   flash_bytes      = 524288
//   instructions     = 50000000
//   cycles           = 80000000
//
//   [layers."block0.mlp.fc1"]     # limits on one layer (by its marker name)
//   sram_peak_bytes  = 65536
//   arena_peak_bytes = 49152      # layers measured against a plan only
//   cycles           = 9000000
//
//   [baseline]                    # optional: no metric may grow past a baseline
//   report            = "baseline.json"   # a `mcuprof run --json` report, relative to this file
//   tolerance_bytes   = 256               # allowed growth of byte figures
//   tolerance_percent = 1.0               # allowed growth of any figure, in percent
//
// Every limit is inclusive (a figure equal to its limit holds). Growth over
// the baseline is allowed up to the larger of tolerance_bytes (byte figures
// only) and tolerance_percent of the baseline figure (finite, not negative:
// TOML's nan and inf are refused). The file is at most 4 MiB and nests at
// most 64 levels (emulator/files/input_file.hpp, emulator/files/toml_depth.hpp).
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace mcuprof::check {

enum class Metric { SramPeak, StackPeak, ArenaPeak, Flash, Instructions, Cycles };
constexpr size_t kMetricCount = 6;

std::string_view metric_key(Metric m);  // "sram_peak_bytes", ...
bool metric_is_bytes(Metric m);

struct Limits {
    std::array<std::optional<uint64_t>, kMetricCount> values;
    std::optional<uint64_t>& operator[](Metric m) { return values[size_t(m)]; }
    const std::optional<uint64_t>& operator[](Metric m) const { return values[size_t(m)]; }
};

struct Baseline {
    std::string report_path;  // resolved against the budgets file's directory
    uint64_t tolerance_bytes = 0;
    double tolerance_percent = 0;
};

struct Budgets {
    std::string path;
    Limits run;
    std::vector<std::pair<std::string, Limits>> layers;  // in file order
    std::optional<Baseline> baseline;
};

// Throws Error "<file>:<line>: <what>; <what to do>" on bad input.
Budgets read_budgets(const std::string& path);
Budgets parse_budgets(std::string_view toml_text, const std::string& path);

}  // namespace mcuprof::check
