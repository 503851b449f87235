#include "tools/check/check_markdown.hpp"

#include "emulator/render/report_markdown.hpp"

#include <fmt/format.h>

#include <iterator>

namespace mcuprof::check {

std::string check_to_markdown(const CheckResult& result) {
    std::string out;
    auto w = std::back_inserter(out);
    const size_t failures = result.failures();
    fmt::format_to(w, "### mcuprof check: {} {}\n\n", markdown_code(result.subject),
                   failures == 0 ? "✅ all limits hold" : fmt::format("❌ {} of {} limits broken", failures,
                                                                      result.findings.size()));
    if (failures != 0) {
        for (const Finding& f : result.findings)
            if (!f.passed) fmt::format_to(w, "- ❌ {}\n", markdown_escape(f.message));
        out += "\n";
    }
    out += "| scope | limit | actual | allowed | over by | |\n|---|---|--:|--:|--:|---|\n";
    for (const Finding& f : result.findings) {
        const std::string what = f.metric ? std::string(metric_key(*f.metric)) +
                                                (f.kind == Finding::Kind::Baseline ? " (baseline)" : "")
                                          : (f.kind == Finding::Kind::Exit ? "exit" : "layer present");
        const bool numeric = f.metric.has_value();
        fmt::format_to(w, "| {} | {} | {} | {} | {} | {} |\n",
                       f.layer ? markdown_code(*f.layer) : std::string("run"), what,
                       numeric ? std::to_string(f.actual) : "", numeric ? std::to_string(f.limit) : "",
                       numeric && !f.passed ? std::to_string(f.overshoot()) : "", f.passed ? "✅" : "❌");
    }
    return out;
}

}  // namespace mcuprof::check
