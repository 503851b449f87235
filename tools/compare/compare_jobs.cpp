#include "tools/compare/compare_jobs.hpp"

#include "emulator/text/error.hpp"
#include "tools/model/schedule.hpp"

#include <fmt/format.h>

namespace mcuprof::compare {

std::vector<uint32_t> patch_divisors(int32_t patch_size) {
    std::vector<uint32_t> out;
    for (int32_t k = 1; k <= patch_size; ++k)
        if (patch_size % k == 0) out.push_back(uint32_t(k));
    return out;
}

std::vector<CompareJob> expand_jobs(const CompareRequest& request, const planner::ModelConfig& model) {
    std::vector<uint32_t> kernels = request.kernels;
    if (kernels.empty()) {
        kernels = {0};
        for (uint32_t k : patch_divisors(model.patch_size)) kernels.push_back(k);
    }
    for (uint32_t k : kernels) {
        if (k != 0 && model.patch_size % int32_t(k) != 0) {
            fail("patch kernel {} does not divide the patch size {} of {}; use one of {}", k, model.patch_size,
                 model.name, fmt::join(patch_divisors(model.patch_size), ", "));
        }
    }
    for (const std::string& w : request.weights) {
        if (w != "flash" && w != "sram") fail("unknown weights placement '{}'; use flash or sram", w);
    }
    std::vector<CompareJob> jobs;
    for (const std::string& board : request.boards) {
        for (const std::string& family : request.families) {
            if (family.find("patch=") != std::string::npos || family.find("weights=") != std::string::npos) {
                fail("schedule family '{}' must not set patch= or weights= (compare varies them: use --kernels and "
                     "--weights)",
                     family);
            }
            for (const std::string& w : request.weights) {
                for (uint32_t k : kernels) {
                    std::string text = family;
                    if (k != 0) text += fmt::format(",patch={}", k);
                    text += ",weights=" + w;
                    planner::Schedule s = planner::parse_schedule(text);
                    planner::check_schedule(s, model);
                    jobs.push_back({board, s.name(), k == 0 ? std::nullopt : std::optional<uint32_t>(k), w});
                }
            }
        }
    }
    return jobs;
}

}  // namespace mcuprof::compare
