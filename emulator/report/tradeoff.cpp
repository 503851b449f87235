#include "emulator/report/tradeoff.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <iterator>
#include <map>
#include <sstream>
#include <tuple>

namespace mcuprof {

std::string schedule_family(const std::string& schedule) {
    std::string family;
    std::stringstream in(schedule);
    std::string part;
    while (std::getline(in, part, ',')) {
        if (part.rfind("patch=", 0) == 0 || part.rfind("weights=", 0) == 0) continue;
        family += (family.empty() ? "" : ",") + part;
    }
    return family;
}

std::optional<uint32_t> find_knee(const std::vector<TradeoffPoint>& points) {
    if (points.size() < 3) return std::nullopt;
    double x_lo = INFINITY, x_hi = -INFINITY, y_lo = INFINITY, y_hi = -INFINITY;
    for (const TradeoffPoint& p : points) {
        x_lo = std::min(x_lo, p.latency_ms);
        x_hi = std::max(x_hi, p.latency_ms);
        y_lo = std::min(y_lo, double(p.measured_peak_bytes));
        y_hi = std::max(y_hi, double(p.measured_peak_bytes));
    }
    if (y_hi <= y_lo || x_hi <= x_lo) return std::nullopt;
    auto nx = [&](const TradeoffPoint& p) { return (p.latency_ms - x_lo) / (x_hi - x_lo); };
    auto ny = [&](const TradeoffPoint& p) { return (double(p.measured_peak_bytes) - y_lo) / (y_hi - y_lo); };
    const TradeoffPoint& a = points.front();
    const TradeoffPoint& b = points.back();
    const double ax = nx(a), ay = ny(a), bx = nx(b), by = ny(b);
    const double len = std::hypot(bx - ax, by - ay);
    if (len == 0) return std::nullopt;
    // Signed distance from the chord; the sign that points to the origin is positive.
    auto side = [&](double x, double y) { return ((bx - ax) * (y - ay) - (by - ay) * (x - ax)) / len; };
    const double origin = side(0, 0);
    if (origin == 0) return std::nullopt;
    const double sign = origin > 0 ? 1.0 : -1.0;
    std::optional<uint32_t> best;
    double best_distance = 1e-9;
    for (size_t i = 1; i + 1 < points.size(); ++i) {
        const double d = sign * side(nx(points[i]), ny(points[i]));
        if (d > best_distance) {
            best_distance = d;
            best = points[i].k;
        }
    }
    return best;
}

std::vector<TradeoffCurve> tradeoff_curves(const Comparison& c) {
    std::map<std::tuple<std::string, std::string, std::string>, TradeoffCurve> curves;
    for (const ComparisonRow& row : c.rows) {
        if (!row.patch_kernel || !row.ok) continue;
        const std::string family = schedule_family(row.schedule);
        TradeoffCurve& curve = curves[{row.board, family, row.weights}];
        curve.board = row.board;
        curve.family = family;
        curve.weights = row.weights;
        curve.points.push_back({*row.patch_kernel, row.latency_ms, row.predicted_peak_bytes, row.measured_peak_bytes});
    }
    std::vector<TradeoffCurve> out;
    for (auto& entry : curves) {
        TradeoffCurve& curve = entry.second;  // (clang 14 cannot capture a structured binding)
        std::sort(curve.points.begin(), curve.points.end(), [](const auto& a, const auto& b) { return a.k < b.k; });
        const uint64_t first = curve.points.front().measured_peak_bytes;
        curve.flat = std::all_of(curve.points.begin(), curve.points.end(),
                                 [first](const TradeoffPoint& p) { return p.measured_peak_bytes == first; });
        curve.knee = find_knee(curve.points);
        out.push_back(std::move(curve));
    }
    return out;
}

std::string describe_knees(const std::vector<TradeoffCurve>& curves, uint32_t paper_k) {
    std::string out;
    auto w = std::back_inserter(out);
    for (const TradeoffCurve& c : curves) {
        if (c.flat) {
            const TradeoffPoint& small = c.points.front();
            const TradeoffPoint& large = c.points.back();
            fmt::format_to(w, "- {}: the peak is {} bytes for every k, so a smaller k buys no memory and only costs "
                              "latency (k={}: {:.3f} ms, k={}: {:.3f} ms): {}x{} is not a knee here.\n",
                           c.name(), small.measured_peak_bytes, small.k, small.latency_ms, large.k, large.latency_ms,
                           paper_k, paper_k);
        } else if (!c.knee) {
            const auto fastest = std::min_element(c.points.begin(), c.points.end(), [](const auto& a, const auto& b) {
                return a.latency_ms < b.latency_ms;
            });
            const bool dominates = std::all_of(c.points.begin(), c.points.end(), [&](const TradeoffPoint& p) {
                return fastest->measured_peak_bytes <= p.measured_peak_bytes;
            });
            if (dominates) {
                fmt::format_to(w, "- {}: k = {} has both the smallest peak ({} bytes) and the lowest latency ({:.3f} ms), "
                                  "so there is no trade-off to have a knee: {}x{} is not one.\n",
                               c.name(), fastest->k, fastest->measured_peak_bytes, fastest->latency_ms, paper_k,
                               paper_k);
            } else {
                fmt::format_to(w, "- {}: no knee (peak and latency trade evenly along k).\n", c.name());
            }
        } else {
            fmt::format_to(w, "- {}: the knee is k = {}{}.\n", c.name(), *c.knee,
                           *c.knee == paper_k ? fmt::format(", the paper's {}x{}", paper_k, paper_k)
                                              : fmt::format(", not the paper's {}x{}", paper_k, paper_k));
        }
    }
    return out;
}

}  // namespace mcuprof
