#include "tools/compare/compare_runner.hpp"

#include "emulator/board/board_profile.hpp"
#include "emulator/text/error.hpp"
#include "tools/firmware_build/private_dir.hpp"
#include "tools/model/schedule.hpp"
#include "tools/pipeline/profile_pipeline.hpp"
#include "tools/planner/fit_check.hpp"
#include "tools/planner/memory_planner.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <atomic>
#include <filesystem>
#include <mutex>
#include <thread>

namespace mcuprof::compare {
namespace {

namespace fs = std::filesystem;

// Runs jobs [indices] on `threads` workers.
void run_pool(const std::vector<size_t>& indices, unsigned threads, const std::function<void(size_t)>& work) {
    std::atomic<size_t> next{0};
    std::vector<std::thread> pool;
    const unsigned n = std::max(1u, std::min<unsigned>(threads, unsigned(indices.size())));
    for (unsigned t = 0; t < n; ++t) {
        pool.emplace_back([&] {
            for (size_t i = next++; i < indices.size(); i = next++) work(indices[i]);
        });
    }
    for (std::thread& t : pool) t.join();
}

}  // namespace

ComparisonRow run_job(const CompareJob& job, const planner::ModelConfig& model, const CompareRequest& request) {
    ComparisonRow row;
    row.board = job.board;
    row.schedule = job.schedule;
    row.patch_kernel = job.patch_kernel;
    row.weights = job.weights;
    try {
        const BoardProfile board = find_board(job.board);
        const auto strategy = planner::make_strategy(request.strategy);
        const planner::Plan plan = planner::make_plan(model, planner::parse_schedule(job.schedule), *strategy);
        row.predicted_peak_bytes = uint64_t(plan.peak_bytes());
        const planner::FitOptions fit_options;
        const planner::FitCheck fit = planner::check_fit(plan, board, fit_options);
        if (!fit.fits()) {
            row.ok = false;
            row.fits = false;
            row.note = fit.refusal(plan);
            return row;
        }
        profile::ProfileOptions options;
        options.build.work_dir =
            planner::make_private_dir(request.work_dir, fmt::format("{}-{}", board.name, plan.schedule.slug()));
        options.build.cache_dir = request.kernel_cache_dir;
        options.timing = request.timing;
        options.build.stack_size = fit_options.stack_bytes;
        options.build.sram_budget = fit_options.sram_budget;
        const profile::ProfileOutcome o = profile::profile_plan(plan, board, options);
        const Report& r = o.report;
        for (const LayerReport& l : r.layers) {
            row.measured_peak_bytes = std::max(row.measured_peak_bytes, l.arena_peak_bytes.value_or(0));
        }
        row.flash_bytes = r.memory.flash_bytes;
        row.instructions = r.instructions;
        row.cycles = r.cycles;
        row.latency_ms = r.estimated_ms();
        row.ok = o.ok();
        if (r.exit.reason != "exit") {
            row.note = "stopped: " + r.exit.detail;
        } else if (!o.output_matches) {
            row.note = "output differs from the host reference";
        } else if (r.exit.code != 0) {
            row.note = fmt::format("exit code {}", r.exit.code);
        }
    } catch (const Error& e) {
        row.ok = false;
        row.note = e.what();
    } catch (const std::exception& e) {  // a worker thread must not let anything escape
        row.ok = false;
        row.note = std::string("internal error: ") + e.what();
    }
    return row;
}

Comparison run_comparison(const CompareRequest& request, const JobDone& on_done) {
    const planner::ModelConfig model = planner::load_model_config(request.model_path);
    const std::vector<CompareJob> jobs = expand_jobs(request, model);
    for (const std::string& b : request.boards) (void)find_board(b);  // bad board names fail before any work

    Comparison c;
    c.model = model.name;
    c.rows.resize(jobs.size());
    std::mutex done_mutex;
    size_t done = 0;
    auto work = [&](size_t i) {
        ComparisonRow row = run_job(jobs[i], model, request);
        std::lock_guard lock(done_mutex);
        c.rows[i] = std::move(row);
        ++done;
        if (on_done) on_done(c.rows[i], done, jobs.size());
    };
    std::vector<size_t> all(jobs.size());
    for (size_t i = 0; i < jobs.size(); ++i) all[i] = i;
    run_pool(all, request.jobs != 0 ? request.jobs : std::max(1u, std::thread::hardware_concurrency()), work);
    return c;
}

}  // namespace mcuprof::compare
