// Small helpers the report writers share: byte and percentage formatting and
// the measured figure a layer's prediction is compared against.
#pragma once

#include "emulator/report/report.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cstdint>
#include <string>

namespace mcuprof::format {

inline std::string kib(uint64_t bytes) { return fmt::format("{:.1f} KB", double(bytes) / 1024.0); }

inline double percent(uint64_t part, uint64_t whole) {
    return whole == 0 ? 0.0 : 100.0 * double(part) / double(whole);
}

// A plan predicts the arena (+ scratch + staged weights); when the run tracked
// that arena its measured peak is the counterpart, else the layer's SRAM peak.
inline uint64_t measured_for_prediction(const LayerReport& l) { return l.arena_peak_bytes.value_or(l.sram_peak_bytes); }

inline int64_t prediction_delta(const LayerReport& l) {
    return l.predicted_peak_bytes ? int64_t(measured_for_prediction(l)) - int64_t(*l.predicted_peak_bytes) : 0;
}

inline bool has_predictions(const Report& r) {
    for (const LayerReport& l : r.layers)
        if (l.predicted_peak_bytes) return true;
    return false;
}

inline bool has_arena(const Report& r) {
    for (const LayerReport& l : r.layers)
        if (l.arena_peak_bytes) return true;
    return false;
}

// A layer row's name, with how many runs it holds when runs were folded
// into it (layer_folding.hpp); the plain name for an ordinary row.
inline std::string layer_label(const LayerReport& l) {
    return l.runs == 1 ? l.name : fmt::format("{} ({} runs folded)", l.name, l.runs);
}

// The largest measured arena peak over the layers (0 without arena tracking).
inline uint64_t arena_peak(const Report& r) {
    uint64_t peak = 0;
    for (const LayerReport& l : r.layers) peak = std::max(peak, l.arena_peak_bytes.value_or(0));
    return peak;
}

// The clock the run used and why, in one line: "216 MHz: PLL from HSE 25 MHz
// (M 25, N 432, P 2), configured by the firmware" (plus how often it changed).
inline std::string clock_line(const Report& r) {
    std::string line = fmt::format("{:g} MHz: {}", double(r.clock.hz) / 1e6, r.clock.source);
    if (r.clock.configured) line += ", configured by the firmware";
    if (r.clock.timeline.size() > 1) {
        line += fmt::format(" ({} clock changes in the run; times follow each)", r.clock.timeline.size() - 1);
    }
    return line;
}

}  // namespace mcuprof::format
