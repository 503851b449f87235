// The test model end to end, on every schedule and both cores: the firmware's
// logits equal the host build of the same generated C and the in-process
// reference (bit for bit), the measured arena peak of every layer equals the
// plan's prediction to the byte, and plans corrupted on purpose (overlapping
// live buffers, a lifetime ending too early) fail the output check.
#include "plan_support.hpp"
#include "process_support.hpp"
#include "scratch_dir_support.hpp"

#include "emulator/board/board_profile.hpp"
#include "emulator/elf/elf_image.hpp"
#include "tools/pipeline/profile_pipeline.hpp"
#include "tools/planner/fit_check.hpp"
#include "tools/planner/plan.hpp"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>

namespace mcuprof::test {
namespace {

using planner::Plan;

Plan tiny_plan(const std::string& schedule, const std::string& strategy = "greedy") {
    return plan_model(kTinyModel, schedule, strategy);
}

profile::ProfileOutcome profile(const Plan& plan, const std::string& board, const std::string& tag) {
    return profile_in(plan, board, tag, false);
}

struct Case {
    std::string schedule;
    std::string board;
};

class TinyModel : public ::testing::TestWithParam<Case> {};

TEST_P(TinyModel, MeasuredArenaPeakEqualsPredictionAndLogitsMatchTheHost) {
    const Case& c = GetParam();
    const Plan plan = tiny_plan(c.schedule);
    const profile::ProfileOutcome o = profile(plan, c.board, plan.schedule.slug());
    ASSERT_EQ(o.report.exit.reason, "exit") << o.report.exit.detail;
    EXPECT_EQ(o.report.exit.code, 0);
    EXPECT_EQ(o.outputs[0], o.expected_output);
    EXPECT_EQ(o.outputs[1], o.expected_output);
    EXPECT_TRUE(o.output_matches);
    EXPECT_EQ(o.expected_output.rfind("logits: ", 0), 0u) << o.expected_output;

    // The host build of the same generated source prints the same bytes.
    const std::string host = std::string(MCUPROF_MODELS_HOST_DIR) + "/tiny-" + plan.schedule.slug() + "-host";
    const ProcessResult h = run_command(host);
    EXPECT_EQ(h.status, 0);
    EXPECT_EQ(h.output, o.outputs[0]);

    ASSERT_EQ(o.report.layers.size(), plan.layers.size());
    for (size_t i = 0; i < plan.layers.size(); ++i) {
        const LayerReport& l = o.report.layers[i];
        EXPECT_EQ(l.name, plan.graph.layers[i].name);
        ASSERT_TRUE(l.predicted_peak_bytes.has_value()) << l.name;
        ASSERT_TRUE(l.arena_peak_bytes.has_value()) << l.name;
        EXPECT_EQ(*l.arena_peak_bytes, uint64_t(plan.layers[i].predicted_peak)) << l.name;
        EXPECT_EQ(*l.predicted_peak_bytes, uint64_t(plan.layers[i].predicted_peak)) << l.name;
        // The measured stack stays within the static bound of the layer's calls.
        ASSERT_TRUE(l.stack_bound_bytes.has_value()) << l.name;
        EXPECT_GT(l.stack_peak_bytes, 0u) << l.name;
        EXPECT_LE(l.stack_peak_bytes, *l.stack_bound_bytes) << l.name;
    }
    ASSERT_TRUE(o.model_stack_bound.has_value());
    EXPECT_LE(o.report.memory.stack_peak_bytes, *o.model_stack_bound);
    EXPECT_TRUE(o.report.warnings.empty()) << o.report.warnings.front();
}

std::vector<Case> cases() {
    std::vector<Case> out;
    for (const std::string& s : {"layerwise", "overwrite", "layerwise,patch=2", "overwrite,patch=1,weights=sram",
                                 "layerwise,weights=sram,attention=full", "overwrite,patch=4,weights=sram,attention=full"}) {
        for (const std::string& b : {"stm32f427", "stm32f746"}) out.push_back(Case{s, b});
    }
    return out;
}

INSTANTIATE_TEST_SUITE_P(Schedules, TinyModel, ::testing::ValuesIn(cases()), [](const auto& info) {
    std::string name = planner::parse_schedule(info.param.schedule).slug() + "_" + info.param.board;
    for (char& ch : name) {
        if (!std::isalnum(static_cast<unsigned char>(ch))) ch = '_';
    }
    return name;
});

TEST(TinyModel, OtherStrategiesAlsoMeasureAsPredicted) {
    for (const std::string strategy : {"linear", "lifetime"}) {
        const Plan plan = tiny_plan("overwrite,patch=2", strategy);
        const profile::ProfileOutcome o = profile(plan, "stm32f746", strategy);
        EXPECT_TRUE(o.ok()) << strategy;
        for (size_t i = 0; i < plan.layers.size(); ++i) {
            EXPECT_EQ(o.report.layers.at(i).arena_peak_bytes.value_or(0), uint64_t(plan.layers[i].predicted_peak))
                << strategy << " " << plan.graph.layers[i].name;
        }
    }
}

TEST(TinyModel, ArenaInTheRegionThePlanChose) {
    // The F427's CCM (64 KB at 0x1000_0000, not contiguous with SRAM1-3).
    const Plan plan = tiny_plan("overwrite");
    const BoardProfile board = find_board("stm32f427");
    planner::FitOptions fit_options;
    fit_options.arena_region = "ccm";
    const planner::FitCheck fit = planner::check_fit(plan, board, fit_options);
    ASSERT_TRUE(fit.fits());
    EXPECT_EQ(fit.arena_budget, 65536);
    profile::ProfileOptions options;
    options.build.work_dir = std::string(MCUPROF_TEST_WORK_DIR) + "/ccm-stm32f427";
    options.build.cache_dir = std::string(MCUPROF_TEST_WORK_DIR) + "/kernel-cache";
    options.arena_section = fit.arena_section;
    const profile::ProfileOutcome o = profile::profile_plan(plan, board, options);
    EXPECT_TRUE(o.ok()) << o.outputs[0] << o.report.exit.detail;
    const auto arena = ElfImage::load(o.elf).symbol("mcuprof_arena");
    ASSERT_TRUE(arena.has_value());
    ASSERT_NE(board.region_at(*arena), nullptr);
    EXPECT_EQ(board.region_at(*arena)->name, "ccm");
    for (size_t i = 0; i < plan.layers.size(); ++i) {
        EXPECT_EQ(o.report.layers.at(i).arena_peak_bytes.value_or(0), uint64_t(plan.layers[i].predicted_peak));
    }
}

int tensor_id(const Plan& p, const std::string& name) { return plan_tensor(p, name); }
int layer_id(const Plan& p, const std::string& name) { return plan_layer(p, name); }

TEST(CorruptedPlan, OverlappingLiveBuffersFailTheOutputCheck) {
    Plan plan = tiny_plan("overwrite");
    // Put the attention output on top of the residual stream, which stays live
    // until block0.attn.residual reads it.
    const auto& g = plan.graph;
    const int stream = g.tensors[size_t(tensor_id(plan, "pos_embed.out"))].buffer;
    const int attn = g.tensors[size_t(tensor_id(plan, "block0.attn.mhsa.out"))].buffer;
    plan.buffer_offsets[size_t(attn)] = plan.buffer_offsets[size_t(stream)];
    planner::analyze_plan(plan);
    const auto conflict = planner::find_conflict(planner::buffer_requests(plan.graph), plan.buffer_offsets);
    ASSERT_GE(conflict.first, 0);
    const profile::ProfileOutcome o = profile(plan, "stm32f746", "corrupt-overlap");
    EXPECT_EQ(o.report.exit.reason, "exit");
    EXPECT_FALSE(o.output_matches) << o.outputs[0];
    EXPECT_NE(o.outputs[0], o.expected_output);
}

TEST(CorruptedPlan, LifetimeEndingTooEarlyIsPoisonedAndFailsTheOutputCheck) {
    Plan plan = tiny_plan("overwrite");
    // The residual stream is read again by block0.attn.residual; say it dies
    // after block0.attn.norm. Its bytes are then poisoned from block0.attn.qkv on.
    planner::Tensor& x = plan.graph.tensors[size_t(tensor_id(plan, "pos_embed.out"))];
    x.last = layer_id(plan, "block0.attn.norm");
    planner::analyze_plan(plan);
    const profile::ProfileOutcome o = profile(plan, "stm32f427", "corrupt-lifetime");
    EXPECT_EQ(o.report.exit.reason, "exit");
    EXPECT_FALSE(o.output_matches);
    // Without the poisoning the stale bytes would still be there: both paints
    // change the output, differently.
    EXPECT_NE(o.outputs[0], o.expected_output);
    EXPECT_NE(o.outputs[1], o.expected_output);
}

using ProfileCli = ScratchDir;

TEST_F(ProfileCli, RefusesAModelThatDoesNotFitBeforeBuilding) {
    const std::string dir = dir_.string();
    const std::string model = path("huge-profile.yaml");
    {
        std::ofstream(model) << "name: huge\nimage_size: 224\nchannels: 3\npatch_size: 16\nembed_dim: 192\n"
                                "depth: 1\nheads: 3\nmlp_ratio: 4\nclasses: 10\nseed: 1\n";
    }
    const ProcessResult r =
        mcuprof("profile " + model + " --board stm32f427 --schedule overwrite --work-dir " + dir + "/w");
    EXPECT_EQ(r.status, 1);
    EXPECT_EQ(r.output.rfind("mcuprof: model 'huge' (overwrite) does not fit stm32f427: layer ", 0), 0u) << r.output;
    EXPECT_EQ(std::count(r.output.begin(), r.output.end(), '\n'), 1);
    EXPECT_FALSE(std::filesystem::exists(dir + "/w"));
}

TEST_F(ProfileCli, PrintsPredictedMeasuredAndDeltaPerLayer) {
    const std::string json = path("report.json");
    const ProcessResult r = mcuprof("profile " + kTinyModel + " --board stm32f746 --schedule layerwise,patch=2"
                                    " --work-dir " + path("w") + " --json " + json);
    ASSERT_EQ(r.status, 0) << r.output;
    EXPECT_NE(r.output.find("predicted   measured   delta"), std::string::npos) << r.output;
    EXPECT_NE(r.output.find("output check: logits identical to the host reference"), std::string::npos);
    std::ifstream in(json);
    const nlohmann::json j = nlohmann::json::parse(in);
    EXPECT_EQ(j["schema"], "mcuprof.report/1");
    EXPECT_TRUE(j["output_check"]["ok"].get<bool>());
    for (const auto& l : j["layers"]) EXPECT_EQ(l["predicted_peak_bytes"], l["arena_peak_bytes"]) << l["name"];
}

TEST(QemuCrossCheck, GeneratedModelPrintsTheSameUnderQemu) {
    for (const std::string board : {"mps2-an386", "mps2-an500"}) {
        const Plan plan = tiny_plan("overwrite,patch=2,weights=sram");
        const profile::ProfileOutcome o = profile(plan, board, "qemu");
        ASSERT_TRUE(o.ok()) << board << ": " << o.outputs[0] << o.report.exit.detail;
        const ProcessResult qemu = run_command("timeout 60 " + qemu_command(board, o.elf));
        EXPECT_EQ(qemu.status, 0) << board;
        EXPECT_EQ(qemu.output, o.expected_output) << board;
    }
}

}  // namespace
}  // namespace mcuprof::test
