#include "tools/compare/comparison_json.hpp"

#include "emulator/files/input_file.hpp"
#include "emulator/report/tradeoff.hpp"
#include "emulator/text/error.hpp"

#include <limits>
#include <type_traits>


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

namespace {

constexpr const char* kHint = "write it with `mcuprof compare --json`";

// `where` is the object's path in the file ("" at the top, "runs[3]").
template <typename T>
T field(const nlohmann::json& j, const char* key, const std::string& source, const std::string& where = "") {
    const std::string name = where.empty() ? key : where + "." + key;
    if (!j.is_object() || !j.contains(key)) fail("{}: key {} is missing; {}", source, name, kHint);
    // nlohmann would wrap -1 to 2^64 - 1, cut 1.5 to 1 and 2^40 to 32 bits.
    const nlohmann::json& v = j.at(key);
    if constexpr (std::is_integral_v<T> && std::is_unsigned_v<T> && !std::is_same_v<T, bool>) {
        if (!v.is_number_unsigned() || v.get<uint64_t>() > std::numeric_limits<T>::max()) {
            fail("{}: key {} must be an integer from 0 to {}; {}", source, name, std::numeric_limits<T>::max(), kHint);
        }
    }
    if constexpr (std::is_floating_point_v<T>) {
        if (!v.is_number() || v.get<T>() < 0) fail("{}: key {} must be a non-negative number; {}", source, name, kHint);
    }
    try {
        return j.at(key).get<T>();
    } catch (const nlohmann::json::exception&) {
        fail("{}: key {} has the wrong type ({}); {}", source, name, j.at(key).type_name(), kHint);
    }
}

}  // namespace

Comparison comparison_from_json(const nlohmann::json& j, const std::string& source) {
    if (field<std::string>(j, "schema", source) != "mcuprof.compare/1") {
        fail("{}: schema is not \"mcuprof.compare/1\"; {}", source, kHint);
    }
    Comparison c;
    c.model = field<std::string>(j, "model", source);
    const auto runs = field<nlohmann::json>(j, "runs", source);
    if (!runs.is_array()) fail("{}: key runs is not an array; {}", source, kHint);
    for (size_t i = 0; i < runs.size(); ++i) {
        const nlohmann::json& r = runs[i];
        const std::string where = "runs[" + std::to_string(i) + "]";
        ComparisonRow row;
        row.board = field<std::string>(r, "board", source, where);
        row.schedule = field<std::string>(r, "schedule", source, where);
        if (r.contains("patch_kernel") && !r["patch_kernel"].is_null()) {
            row.patch_kernel = field<uint32_t>(r, "patch_kernel", source, where);
        }
        row.weights = field<std::string>(r, "weights", source, where);
        row.predicted_peak_bytes = field<uint64_t>(r, "predicted_peak_bytes", source, where);
        row.fits = field<bool>(r, "fits", source, where);
        if (row.fits) row.measured_peak_bytes = field<uint64_t>(r, "measured_peak_bytes", source, where);
        row.flash_bytes = field<uint64_t>(r, "flash_bytes", source, where);
        row.instructions = field<uint64_t>(r, "instructions", source, where);
        row.cycles = field<uint64_t>(r, "cycles", source, where);
        row.latency_ms = field<double>(r, "latency_ms", source, where);
        row.ok = field<bool>(r, "ok", source, where);
        row.note = field<std::string>(r, "note", source, where);
        c.rows.push_back(std::move(row));
    }
    return c;
}

Comparison parse_comparison_json(std::string_view text, const std::string& source) {
    try {
        return comparison_from_json(nlohmann::json::parse(text), source);
    } catch (const nlohmann::json::parse_error& e) {
        fail("{}: not valid JSON at byte {}; {}", source, e.byte, kHint);
    } catch (const nlohmann::json::exception& e) {  // a number beyond double, e.g. 1e999
        fail("{}: unreadable JSON ({}); {}", source, e.what(), kHint);
    }
}

Comparison read_comparison_file(const std::string& path) {
    return parse_comparison_json(read_input_file(path, kComparisonInput), path);
}

}  // namespace mcuprof::compare
