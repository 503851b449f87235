// libFuzzer target: the budgets parser of `mcuprof check` (TOML). A budgets
// file that validates is checked against a small fixed report, which trusts
// validated budgets. A clean rejection (mcuprof::Error) is a pass; anything
// else is a finding.
#include "emulator/report/report.hpp"
#include "emulator/text/error.hpp"
#include "tools/check/budget_check.hpp"
#include "tools/check/budgets.hpp"

#include <cstdint>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    try {
        const mcuprof::check::Budgets budgets = mcuprof::check::parse_budgets(text, "fuzz.toml");
        mcuprof::Report report;
        report.instructions = 1000;
        report.cycles = 1500;
        report.memory.sram_peak_bytes = 4096;
        report.memory.stack_peak_bytes = 512;
        report.memory.flash_bytes = 20000;
        mcuprof::LayerReport layer;
        layer.name = "block0.mlp.fc1";
        layer.instructions = 400;
        layer.cycles = 600;
        layer.sram_peak_bytes = 3000;
        layer.stack_peak_bytes = 256;
        report.layers.push_back(layer);
        (void)mcuprof::check::check_report(report, budgets);
    } catch (const mcuprof::Error&) {
    }
    return 0;
}
