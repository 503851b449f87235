// libFuzzer target: the model-config parser (YAML). A config that validates
// is turned into the operator graph, which trusts a validated config, and
// its kernel scratch sizes are asked for. A clean rejection (mcuprof::Error)
// is a pass; anything else (a crash, a sanitizer report, a hang, a YAML
// exception escaping) is a finding.
#include "emulator/text/error.hpp"
#include "tools/model/model_config.hpp"
#include "tools/model/model_graph.hpp"
#include "tools/model/schedule.hpp"

#include <cstdint>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string text(reinterpret_cast<const char*>(data), size);
    try {
        const mcuprof::planner::ModelConfig model = mcuprof::planner::parse_model_config(text, "fuzz.yaml");
        (void)mcuprof::planner::build_graph(model, mcuprof::planner::parse_schedule("overwrite"));
    } catch (const mcuprof::Error&) {
    }
    return 0;
}
