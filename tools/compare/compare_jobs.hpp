// What `mcuprof compare` runs: the cross product of boards, schedule
// families, weight placements and patch kernels (every k that divides the
// model's patch, plus the undecomposed patch embedding), one job each.
#pragma once

#include "tools/model/model_config.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace mcuprof::compare {

struct CompareRequest {
    std::string model_path;
    std::vector<std::string> boards = {"stm32f746"};
    std::vector<std::string> families = {"layerwise", "overwrite"};  // schedules without patch= and weights=
    std::vector<std::string> weights = {"flash", "sram"};
    // Patch kernels: empty = every divisor of the patch size and the
    // undecomposed embedding; otherwise exactly these (0 = undecomposed).
    std::vector<uint32_t> kernels;
    std::string strategy = "greedy";
    unsigned jobs = 0;        // parallel runs; 0 = the machine's cores
    std::string work_dir;     // each job builds in a fresh private directory below it
    std::string kernel_cache_dir;  // kernel objects shared by the jobs; "" = each job compiles its own
    std::string timing = "block";  // timing mode of every run (see RunOptions::timing)
};

struct CompareJob {
    std::string board;
    std::string schedule;               // canonical planner spelling
    std::optional<uint32_t> patch_kernel;
    std::string weights;
};

// Throws Error for a kernel that does not divide the patch, an unknown
// weights placement or a malformed schedule family.
std::vector<CompareJob> expand_jobs(const CompareRequest& request, const planner::ModelConfig& model);

// Every k that divides the patch size, ascending.
std::vector<uint32_t> patch_divisors(int32_t patch_size);

}  // namespace mcuprof::compare
