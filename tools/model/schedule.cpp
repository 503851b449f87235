#include "tools/model/schedule.hpp"

#include "emulator/text/error.hpp"
#include "tools/model/model_config.hpp"

#include <charconv>
#include <sstream>

namespace mcuprof::planner {

std::string Schedule::name() const {
    std::string s = token_overwriting ? "overwrite" : "layerwise";
    if (patch_kernel != 0) s += fmt::format(",patch={}", patch_kernel);
    if (weights == WeightPlacement::Sram) s += ",weights=sram";
    if (attention == AttentionSchedule::Full) s += ",attention=full";
    return s;
}

std::string Schedule::slug() const {
    std::string s = token_overwriting ? "overwrite" : "layerwise";
    if (patch_kernel != 0) s += fmt::format("-patch{}", patch_kernel);
    if (weights == WeightPlacement::Sram) s += "-sram";
    if (attention == AttentionSchedule::Full) s += "-fullattn";
    return s;
}

Schedule parse_schedule(const std::string& text) {
    Schedule s;
    bool base_seen = false;
    std::stringstream in(text);
    std::string item;
    while (std::getline(in, item, ',')) {
        const auto eq = item.find('=');
        const std::string key = item.substr(0, eq);
        const std::string value = eq == std::string::npos ? "" : item.substr(eq + 1);
        if (key == "layerwise" || key == "overwrite") {
            if (eq != std::string::npos) fail("schedule '{}': '{}' takes no value", text, key);
            if (base_seen) fail("schedule '{}': give one of layerwise / overwrite, once", text);
            base_seen = true;
            s.token_overwriting = key == "overwrite";
        } else if (key == "patch") {
            int32_t k = 0;
            const auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), k);
            if (ec != std::errc() || end != value.data() + value.size() || k < 1) {
                fail("schedule '{}': patch={} must be a positive integer sub-kernel size", text, value);
            }
            s.patch_kernel = k;
        } else if (key == "weights") {
            if (value == "flash") {
                s.weights = WeightPlacement::Flash;
            } else if (value == "sram") {
                s.weights = WeightPlacement::Sram;
            } else {
                fail("schedule '{}': weights={} must be flash or sram", text, value);
            }
        } else if (key == "attention") {
            if (value == "row") {
                s.attention = AttentionSchedule::Row;
            } else if (value == "full") {
                s.attention = AttentionSchedule::Full;
            } else {
                fail("schedule '{}': attention={} must be row or full", text, value);
            }
        } else {
            fail("schedule '{}': unknown option '{}' (use layerwise|overwrite, patch=K, weights=flash|sram, "
                 "attention=row|full)",
                 text, item);
        }
    }
    return s;
}

void check_schedule(const Schedule& s, const ModelConfig& model) {
    if (s.patch_kernel != 0 && model.patch_size % s.patch_kernel != 0) {
        fail("schedule patch={}: the sub-kernel must divide the model's patch size {} (choose one of its divisors)",
             s.patch_kernel, model.patch_size);
    }
}

}  // namespace mcuprof::planner
