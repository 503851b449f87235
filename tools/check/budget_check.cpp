#include "tools/check/budget_check.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

namespace mcuprof::check {
namespace {

const LayerReport* find_layer(const Report& r, const std::string& name) {
    auto it = std::find_if(r.layers.begin(), r.layers.end(), [&](const LayerReport& l) { return l.name == name; });
    return it == r.layers.end() ? nullptr : &*it;
}

std::string amount(Metric m, uint64_t n) {
    if (metric_is_bytes(m)) return fmt::format("{} byte{}", n, n == 1 ? "" : "s");
    return fmt::format("{} {}", n, m == Metric::Cycles ? "cycles" : "instructions");
}

void budget_findings(CheckResult& out, const Report& r, const LayerReport* layer, const std::optional<std::string>& name,
                     const Limits& limits) {
    for (size_t i = 0; i < kMetricCount; ++i) {
        const Metric m = Metric(i);
        if (!limits[m]) continue;
        Finding f;
        f.kind = Finding::Kind::Budget;
        f.layer = name;
        f.metric = m;
        f.limit = *limits[m];
        const std::optional<uint64_t> actual = figure(r, layer, m);
        if (!actual) {
            f.passed = false;
            f.message = fmt::format("{}: {} has a budget but the report has no such figure (arena peaks come from "
                                    "`mcuprof profile`)",
                                    f.scope(), metric_key(m));
        } else {
            f.actual = *actual;
            f.passed = f.actual <= f.limit;
            f.message = f.passed ? fmt::format("{}: {} {} within the budget {}", f.scope(), metric_key(m), f.actual,
                                               f.limit)
                                 : fmt::format("{}: {} {} exceeds the budget {} by {}", f.scope(), metric_key(m),
                                               f.actual, f.limit, amount(m, f.overshoot()));
        }
        out.findings.push_back(std::move(f));
    }
}

void baseline_findings(CheckResult& out, const Report& r, const Report& base, const Baseline& tol) {
    auto compare = [&](const LayerReport* now, const LayerReport* then, const std::optional<std::string>& name) {
        for (size_t i = 0; i < kMetricCount; ++i) {
            const Metric m = Metric(i);
            const auto a = figure(r, now, m), b = figure(base, then, m);
            if (!a || !b) continue;
            const double pct = double(*b) * tol.tolerance_percent / 100.0;
            const uint64_t slack =
                std::max<uint64_t>(metric_is_bytes(m) ? tol.tolerance_bytes : 0, uint64_t(std::floor(pct)));
            Finding f;
            f.kind = Finding::Kind::Baseline;
            f.layer = name;
            f.metric = m;
            f.baseline = *b;
            f.limit = *b + slack;
            f.actual = *a;
            f.passed = f.actual <= f.limit;
            const double growth = *b == 0 ? 0.0 : 100.0 * (double(*a) - double(*b)) / double(*b);
            f.message = f.passed ? fmt::format("{}: {} {} vs baseline {} ({:+.2f}%) within tolerance", f.scope(),
                                               metric_key(m), *a, *b, growth)
                                 : fmt::format("{}: {} {} grew from the baseline {} ({:+.2f}%), {} over the tolerance "
                                               "{}",
                                               f.scope(), metric_key(m), *a, *b, growth, amount(m, f.overshoot()),
                                               amount(m, slack));
            out.findings.push_back(std::move(f));
        }
    };
    compare(nullptr, nullptr, std::nullopt);
    for (const LayerReport& then : base.layers) {
        const LayerReport* now = find_layer(r, then.name);
        if (now == nullptr) {
            Finding f;
            f.kind = Finding::Kind::MissingLayer;
            f.layer = then.name;
            f.passed = false;
            f.message = fmt::format("layer {}: in the baseline but not in this run", then.name);
            out.findings.push_back(std::move(f));
            continue;
        }
        compare(now, &then, then.name);
    }
}

}  // namespace

bool CheckResult::passed() const { return failures() == 0; }

size_t CheckResult::failures() const {
    return size_t(std::count_if(findings.begin(), findings.end(), [](const Finding& f) { return !f.passed; }));
}

std::optional<uint64_t> figure(const Report& r, const LayerReport* layer, Metric m) {
    if (layer != nullptr) {
        switch (m) {
            case Metric::SramPeak: return layer->sram_peak_bytes;
            case Metric::StackPeak: return layer->stack_peak_bytes;
            case Metric::ArenaPeak: return layer->arena_peak_bytes;
            case Metric::Flash: return std::nullopt;
            case Metric::Instructions: return layer->instructions;
            case Metric::Cycles: return layer->cycles;
        }
        return std::nullopt;
    }
    switch (m) {
        case Metric::SramPeak: return r.memory.sram_peak_bytes;
        case Metric::StackPeak: return r.memory.stack_peak_bytes;
        case Metric::ArenaPeak: {
            std::optional<uint64_t> peak;
            for (const LayerReport& l : r.layers)
                if (l.arena_peak_bytes) peak = std::max(peak.value_or(0), *l.arena_peak_bytes);
            return peak;
        }
        case Metric::Flash: return r.memory.flash_bytes;
        case Metric::Instructions: return r.instructions;
        case Metric::Cycles: return r.cycles;
    }
    return std::nullopt;
}

CheckResult check_report(const Report& r, const Budgets& budgets, const Report* baseline) {
    CheckResult out;
    out.subject = fmt::format("{} on {}", r.elf, r.board);
    Finding exit;
    exit.kind = Finding::Kind::Exit;
    exit.passed = r.exit.reason == "exit" && r.exit.code == 0;
    exit.message = exit.passed ? "run: exited normally with code 0"
                               : fmt::format("run: stopped by {} (code {}){}, expected a normal exit with code 0",
                                             r.exit.reason, r.exit.code,
                                             r.exit.detail.empty() ? "" : ": " + r.exit.detail);
    out.findings.push_back(std::move(exit));
    budget_findings(out, r, nullptr, std::nullopt, budgets.run);
    for (const auto& [name, limits] : budgets.layers) {
        const LayerReport* layer = find_layer(r, name);
        if (layer == nullptr) {
            Finding f;
            f.kind = Finding::Kind::MissingLayer;
            f.layer = name;
            f.passed = false;
            f.message = fmt::format("layer {}: has budgets but the run has no such layer", name);
            out.findings.push_back(std::move(f));
            continue;
        }
        budget_findings(out, r, layer, name, limits);
    }
    if (baseline != nullptr && budgets.baseline) baseline_findings(out, r, *baseline, *budgets.baseline);
    return out;
}

}  // namespace mcuprof::check
