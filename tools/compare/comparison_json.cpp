#include "tools/compare/comparison_json.hpp"

#include "emulator/tradeoff.hpp"

namespace mcuprof::compare {

nlohmann::json comparison_to_json(const Comparison& c) {
    nlohmann::json rows = nlohmann::json::array();
    for (const ComparisonRow& r : c.rows) {
        rows.push_back({{"board", r.board},
                        {"schedule", r.schedule},
                        {"patch_kernel", r.patch_kernel ? nlohmann::json(*r.patch_kernel) : nlohmann::json()},
                        {"weights", r.weights},
                        {"predicted_peak_bytes", r.predicted_peak_bytes},
                        {"measured_peak_bytes", r.fits ? nlohmann::json(r.measured_peak_bytes) : nlohmann::json()},
                        {"flash_bytes", r.flash_bytes},
                        {"instructions", r.instructions},
                        {"cycles", r.cycles},
                        {"latency_ms", r.latency_ms},
                        {"fits", r.fits},
                        {"ok", r.ok},
                        {"note", r.note}});
    }
    nlohmann::json curves = nlohmann::json::array();
    for (const TradeoffCurve& curve : tradeoff_curves(c)) {
        nlohmann::json points = nlohmann::json::array();
        for (const TradeoffPoint& p : curve.points) {
            points.push_back({{"k", p.k},
                              {"latency_ms", p.latency_ms},
                              {"predicted_peak_bytes", p.predicted_peak_bytes},
                              {"measured_peak_bytes", p.measured_peak_bytes}});
        }
        curves.push_back({{"board", curve.board},
                          {"family", curve.family},
                          {"weights", curve.weights},
                          {"points", points},
                          {"knee_k", curve.knee ? nlohmann::json(*curve.knee) : nlohmann::json()},
                          {"flat", curve.flat}});
    }
    return {{"schema", "mcuprof.compare/1"}, {"model", c.model}, {"runs", rows}, {"tradeoff", curves}};
}

}  // namespace mcuprof::compare
