#include "tools/check/check_junit.hpp"

#include "emulator/text/xml_text.hpp"

#include <fmt/format.h>

#include <iterator>

namespace mcuprof::check {
namespace {

std::string case_name(const Finding& f) {
    switch (f.kind) {
        case Finding::Kind::Exit: return "exit";
        case Finding::Kind::MissingLayer: return "layer present";
        case Finding::Kind::Budget: return std::string(metric_key(*f.metric)) + " budget";
        case Finding::Kind::Baseline: return std::string(metric_key(*f.metric)) + " vs baseline";
    }
    return "check";
}

}  // namespace

std::string check_to_junit(const CheckResult& result) {
    const auto escape = [](const std::string& text) { return xml_escape(text); };
    std::string out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
    auto w = std::back_inserter(out);
    fmt::format_to(w, "<testsuites name=\"mcuprof check\" tests=\"{}\" failures=\"{}\">\n", result.findings.size(),
                   result.failures());
    fmt::format_to(w, "  <testsuite name=\"{}\" tests=\"{}\" failures=\"{}\" errors=\"0\" skipped=\"0\">\n",
                   escape(result.subject), result.findings.size(), result.failures());
    for (const Finding& f : result.findings) {
        fmt::format_to(w, "    <testcase classname=\"{}\" name=\"{}\"", escape("mcuprof.check." + f.scope()),
                       escape(case_name(f)));
        if (f.passed) {
            fmt::format_to(w, "/>\n");
            continue;
        }
        fmt::format_to(w, ">\n      <failure message=\"{}\" type=\"{}\">{}</failure>\n    </testcase>\n",
                       escape(f.message), f.kind == Finding::Kind::Baseline ? "regression" : "budget",
                       escape(f.message));
    }
    out += "  </testsuite>\n</testsuites>\n";
    return out;
}

}  // namespace mcuprof::check
