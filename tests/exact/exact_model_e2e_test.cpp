// Exact mode on planned models: its arena peak per layer equals the default
// mode's (painted, two paints) and the planner's prediction, a correct plan
// shows no dead or uninitialised reads, and a plan whose lifetime ends too
// early is caught as a dead read of the right tensor in the right layer.
#include "plan_support.hpp"

#include <gtest/gtest.h>

#include <algorithm>

namespace mcuprof::test {
namespace {

struct Case {
    std::string schedule;
    std::string board;
};

class ExactTinyModel : public ::testing::TestWithParam<Case> {};

TEST_P(ExactTinyModel, ArenaPeaksAgreeWithTheDefaultModeAndThePlan) {
    const Case& c = GetParam();
    const planner::Plan plan = plan_model(kTinyModel, c.schedule);
    const profile::ProfileOutcome o = profile_in(plan, c.board, "exact-" + plan.schedule.slug(), true);
    ASSERT_TRUE(o.ok()) << o.report.exit.detail;
    ASSERT_TRUE(o.report.exact.has_value());
    const ExactReport& e = *o.report.exact;
    ASSERT_EQ(e.layers.size(), o.report.layers.size());
    for (size_t i = 0; i < e.layers.size(); ++i) {
        const LayerReport& fast = o.report.layers[i];
        SCOPED_TRACE(fast.name);
        EXPECT_EQ(e.layers[i].name, fast.name);
        ASSERT_TRUE(e.layers[i].arena_peak_bytes.has_value());
        EXPECT_EQ(e.layers[i].arena_peak_bytes, fast.arena_peak_bytes);
        EXPECT_EQ(e.layers[i].arena_peak_bytes, fast.predicted_peak_bytes);
        EXPECT_EQ(e.layers[i].stack_peak_bytes, fast.stack_peak_bytes);
    }
    EXPECT_EQ(e.dead_reads, 0u);
    EXPECT_EQ(e.unplanned_writes, 0u);
    EXPECT_EQ(e.uninitialised_reads, 0u);
    // Every planned tensor is attributed accesses; the image is read.
    auto image = std::find_if(e.tensors.begin(), e.tensors.end(),
                              [](const ExactTensorAccess& t) { return t.name == "image"; });
    ASSERT_NE(image, e.tensors.end());
    EXPECT_GT(image->bytes_read, 0u);
}

INSTANTIATE_TEST_SUITE_P(Schedules, ExactTinyModel,
                         ::testing::Values(Case{"layerwise", "stm32f427"}, Case{"overwrite", "stm32f746"},
                                           Case{"overwrite,patch=2,weights=sram", "stm32f427"}),
                         [](const auto& info) {
                             std::string name = info.param.schedule + "_" + info.param.board;
                             std::replace_if(name.begin(), name.end(), [](char ch) { return !std::isalnum(ch); }, '_');
                             return name;
                         });

TEST(ExactDeadRead, LifetimeEndingTooEarlyIsFoundAtItsRead) {
    planner::Plan plan = plan_model(kTinyModel, "overwrite");
    // The residual stream is read again by block0.attn.residual; say it dies
    // after block0.attn.norm.
    planner::Tensor& x = plan.graph.tensors[size_t(plan_tensor(plan, "pos_embed.out"))];
    x.last = plan_layer(plan, "block0.attn.norm");
    planner::analyze_plan(plan);
    const profile::ProfileOutcome o = profile_in(plan, "stm32f746", "exact-corrupt-lifetime", true);
    ASSERT_TRUE(o.report.exact.has_value());
    const ExactReport& e = *o.report.exact;
    EXPECT_GT(e.dead_reads, 0u);
    auto hit = std::find_if(e.findings.begin(), e.findings.end(), [](const ExactFinding& f) {
        return f.kind == "dead-read" && f.layer == "block0.attn.residual";
    });
    ASSERT_NE(hit, e.findings.end());
    EXPECT_EQ(hit->tensor.value_or(""), "pos_embed.out");
    EXPECT_FALSE(hit->function.empty());
    // The correct plan reads nothing dead (see above): the finding is the corruption's.
}

}  // namespace
}  // namespace mcuprof::test
