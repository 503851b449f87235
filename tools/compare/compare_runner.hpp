// Runs the jobs of a comparison in parallel: a pool of std::threads (the
// machine's cores by default), each job planned, fit-checked, generated,
// cross-compiled and run twice through the profile pipeline in its own
// Unicorn instance and its own fresh work directory (mkdtemp below the
// request's work_dir), sharing the kernel object cache, which is only ever
// filled by renaming complete files into it.
#pragma once

#include "emulator/report/comparison.hpp"
#include "tools/compare/compare_jobs.hpp"

#include <functional>

namespace mcuprof::compare {

// Called after each job (from a worker thread, serialised).
using JobDone = std::function<void(const ComparisonRow& row, size_t done, size_t total)>;

Comparison run_comparison(const CompareRequest& request, const JobDone& on_done = {});

// One job: a row with ok = false and a note when the plan does not fit the
// board, the run is stopped, or the output differs from the host reference.
ComparisonRow run_job(const CompareJob& job, const planner::ModelConfig& model, const CompareRequest& request);

}  // namespace mcuprof::compare
