// libFuzzer target: reading a report back from JSON (`mcuprof check`'s
// report and baseline). A report that reads is checked against fixed budgets
// with itself as the baseline, which trusts what was read. A clean rejection
// (mcuprof::Error) is a pass; anything else (a crash, a sanitizer report, a
// JSON exception escaping) is a finding.
#include "emulator/report/report_json_read.hpp"
#include "emulator/text/error.hpp"
#include "tools/check/budget_check.hpp"
#include "tools/check/budgets.hpp"

#include <cstdint>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    try {
        const mcuprof::Report report = mcuprof::parse_report_json(text, "fuzz.json");
        static const mcuprof::check::Budgets budgets = mcuprof::check::parse_budgets(
            "[run]\nsram_peak_bytes = 4096\ncycles = 1000\n[layers.\"block0.mlp.fc1\"]\ncycles = 600\n"
            "[baseline]\nreport = \"fuzz.json\"\ntolerance_percent = 1.0\n",
            "fuzz-budgets.toml");
        (void)mcuprof::check::check_report(report, budgets, &report);
    } catch (const mcuprof::Error&) {
    }
    return 0;
}
