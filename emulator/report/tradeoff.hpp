// The trade-off of peak memory against latency over the patch kernel k, per
// curve (board, schedule family, weight accounting) of a comparison, and its
// knee.
//
// The knee: with latency and peak scaled to [0, 1] over the curve, the point
// farthest below the chord joining the curve's two ends on the side of the
// origin (lower memory and latency than the chord trades between them: the
// "kneedle" criterion). A curve whose peak does not change with k has no
// knee: there k buys nothing but latency.
#pragma once

#include "emulator/report/comparison.hpp"

#include <optional>
#include <string>
#include <vector>

namespace mcuprof {

struct TradeoffPoint {
    uint32_t k = 0;
    double latency_ms = 0;
    uint64_t predicted_peak_bytes = 0;
    uint64_t measured_peak_bytes = 0;
};

struct TradeoffCurve {
    std::string board;
    std::string family;   // schedule without patch/weights, e.g. "overwrite"
    std::string weights;  // "flash" or "sram"
    std::vector<TradeoffPoint> points;  // by k, ascending
    std::optional<uint32_t> knee;       // k at the knee
    bool flat = false;                  // the peak is the same for every k

    std::string name() const { return board + " " + family + ", weights in " + weights; }
};

// The schedule without its patch kernel and weights parts (the curve a row
// belongs to): "overwrite,patch=4,weights=sram" -> "overwrite".
std::string schedule_family(const std::string& schedule);

// Curves from the comparison's rows that have a patch kernel and ran fine.
std::vector<TradeoffCurve> tradeoff_curves(const Comparison& comparison);

// The knee of points ordered by k (empty when flat or fewer than 3 points).
std::optional<uint32_t> find_knee(const std::vector<TradeoffPoint>& points);

// One sentence per curve: where the knee is and whether it is k = `paper_k`.
std::string describe_knees(const std::vector<TradeoffCurve>& curves, uint32_t paper_k = 4);

}  // namespace mcuprof
