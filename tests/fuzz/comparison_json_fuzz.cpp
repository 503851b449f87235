// libFuzzer target: reading a stored comparison (`mcuprof compare
// --from-json`). One that reads is written out again as JSON, Markdown and
// HTML with its trade-off charts, which trust what was read. A clean
// rejection (mcuprof::Error) is a pass; anything else is a finding.
#include "emulator/render/report_html.hpp"
#include "emulator/render/report_markdown.hpp"
#include "emulator/text/error.hpp"
#include "tools/compare/comparison_json.hpp"

#include <cstdint>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    try {
        const mcuprof::Comparison comparison = mcuprof::compare::parse_comparison_json(text, "fuzz.json");
        (void)mcuprof::compare::comparison_to_json(comparison).dump();
        (void)mcuprof::comparison_to_markdown(comparison);
        (void)mcuprof::comparison_to_html(comparison);
    } catch (const mcuprof::Error&) {
    }
    return 0;
}
