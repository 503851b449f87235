// The MCUFormer-like model of each board (firmware/models/<board>.yaml)
// profiles end to end on that board under token overwriting: it fits the
// planner's budget, runs to completion, prints the host reference's logits,
// and every layer's measured arena peak equals the prediction. On the
// STM32F746 the arena spans DTCM and SRAM1 (one contiguous RAM block).
// Exact mode runs alongside and must agree with the painted figures.
#include "emulator/board/board_profile.hpp"
#include "tools/pipeline/profile_pipeline.hpp"
#include "tools/planner/fit_check.hpp"
#include "tools/planner/plan.hpp"

#include <gtest/gtest.h>

namespace mcuprof::test {
namespace {

class BoardModel : public ::testing::TestWithParam<std::string> {};

TEST_P(BoardModel, FitsRunsAndMeasuresAsPredicted) {
    const std::string board_name = GetParam();
    const BoardProfile board = find_board(board_name);
    const planner::Plan plan = planner::make_plan(
        planner::load_model_config(std::string(MCUPROF_SOURCE_DIR) + "/firmware/models/" + board_name + ".yaml"),
        planner::parse_schedule("overwrite"), planner::GreedyBySizeStrategy());
    const planner::FitCheck fit = planner::check_fit(plan, board, planner::FitOptions{});
    ASSERT_TRUE(fit.fits()) << fit.refusal(plan);

    profile::ProfileOptions options;
    options.build.work_dir = std::string(MCUPROF_TEST_WORK_DIR) + "/board-model-" + board_name;
    options.build.cache_dir = std::string(MCUPROF_TEST_WORK_DIR) + "/kernel-cache";
    options.exact = true;
    const profile::ProfileOutcome o = profile::profile_plan(plan, board, options);
    ASSERT_EQ(o.report.exit.reason, "exit") << o.report.exit.detail;
    EXPECT_TRUE(o.output_matches) << o.outputs[0] << " vs " << o.expected_output;
    ASSERT_EQ(o.report.layers.size(), plan.layers.size());
    for (size_t i = 0; i < plan.layers.size(); ++i) {
        EXPECT_EQ(o.report.layers[i].arena_peak_bytes.value_or(0), uint64_t(plan.layers[i].predicted_peak))
            << o.report.layers[i].name;
        ASSERT_TRUE(o.report.layers[i].stack_bound_bytes.has_value());
        EXPECT_LE(o.report.layers[i].stack_peak_bytes, *o.report.layers[i].stack_bound_bytes);
    }
    // Exact mode (first run) agrees with the painted measurement and finds
    // nothing read dead, never written, or written outside the plan.
    ASSERT_TRUE(o.report.exact.has_value());
    const ExactReport& e = *o.report.exact;
    ASSERT_EQ(e.layers.size(), o.report.layers.size());
    for (size_t i = 0; i < e.layers.size(); ++i) {
        EXPECT_EQ(e.layers[i].arena_peak_bytes, o.report.layers[i].arena_peak_bytes) << e.layers[i].name;
        EXPECT_EQ(e.layers[i].stack_peak_bytes, o.report.layers[i].stack_peak_bytes) << e.layers[i].name;
    }
    EXPECT_EQ(e.dead_reads, 0u);
    EXPECT_EQ(e.unplanned_writes, 0u);
    EXPECT_EQ(e.uninitialised_reads, 0u);
    EXPECT_LE(o.report.memory.flash_bytes, board.flash().size);
    EXPECT_GE(o.report.memory.flash_bytes, uint64_t(plan.flash_param_bytes));
    EXPECT_LE(o.report.memory.static_bytes + o.report.memory.stack_peak_bytes, fit.ram_block_bytes);
}

INSTANTIATE_TEST_SUITE_P(Boards, BoardModel, ::testing::Values("stm32f427", "stm32f746", "stm32h743"));

}  // namespace
}  // namespace mcuprof::test
