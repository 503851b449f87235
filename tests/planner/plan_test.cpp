// Plans of the test model: hand-computed sizes and peaks, scratch from the
// kernels, tensors live at the same time never overlap, eq. 5, and the fit check.
#include "emulator/board/board_profile.hpp"
#include "emulator/text/error.hpp"
#include "tools/planner/fit_check.hpp"
#include "tools/planner/plan.hpp"

#include <gtest/gtest.h>

#include <algorithm>

namespace mcuprof::planner {
namespace {

ModelConfig tiny() { return load_model_config(std::string(MCUPROF_SOURCE_DIR) + "/firmware/models/tiny.yaml"); }

int layer_index(const Plan& p, const std::string& name) {
    for (size_t i = 0; i < p.graph.layers.size(); ++i) {
        if (p.graph.layers[i].name == name) return int(i);
    }
    ADD_FAILURE() << "no layer " << name;
    return 0;
}

const Tensor* tensor(const Plan& p, const std::string& name) {
    for (const Tensor& t : p.graph.tensors) {
        if (t.name == name) return &t;
    }
    return nullptr;
}

const std::vector<std::string> kSchedules = {"layerwise",
                                             "overwrite",
                                             "layerwise,patch=2",
                                             "overwrite,patch=1,weights=sram",
                                             "layerwise,weights=sram,attention=full",
                                             "overwrite,patch=4,attention=full"};

TEST(Plan, LinearStrategyPeaksAreHandComputed) {
    // Linear: buffers one after the other in creation order, so the first
    // layers' peaks are sums: image 16*16*3 = 768, patch tokens 16*32 = 512.
    const Plan p = make_plan(tiny(), parse_schedule("layerwise"), LinearStrategy());
    EXPECT_EQ(p.layers[0].predicted_peak, 768);
    EXPECT_EQ(p.layers[1].predicted_peak, 768 + 512);
    EXPECT_EQ(p.layers[2].predicted_peak, 768 + 512 + 512);  // pos_embed writes a new buffer
    EXPECT_EQ(p.arena_bytes, p.peak_bytes());
}

TEST(Plan, ScratchSizesComeFromTheKernels) {
    const Plan p = make_plan(tiny(), parse_schedule("overwrite,patch=2"), GreedyBySizeStrategy());
    // vit_linear_s8_inplace: 2 * min(in, out); low-rank: 2 * rank (rank 16);
    // attention, row at a time: 4 * tokens; decomposed patch embedding: 4 * D.
    EXPECT_EQ(tensor(p, "block0.attn.qkv.scratch")->size, 64);
    EXPECT_EQ(tensor(p, "block0.mlp.fc1.scratch")->size, 32);
    EXPECT_EQ(tensor(p, "block0.attn.mhsa.scratch")->size, 64);
    EXPECT_EQ(tensor(p, "patch_embed.scratch")->size, 128);
    const Plan full = make_plan(tiny(), parse_schedule("layerwise,attention=full"), GreedyBySizeStrategy());
    EXPECT_EQ(tensor(full, "block0.attn.mhsa.scratch")->size, 4 * 16 * 16);
    EXPECT_EQ(tensor(full, "patch_embed.scratch"), nullptr);
}

TEST(Plan, TokenOverwritingSharesTheBufferAndSizesItForTheLargerSide) {
    const Plan p = make_plan(tiny(), parse_schedule("overwrite"), GreedyBySizeStrategy());
    const Tensor* h = tensor(p, "block0.attn.norm.out");
    const Tensor* qkv = tensor(p, "block0.attn.qkv.out");
    ASSERT_TRUE(h && qkv);
    EXPECT_EQ(h->buffer, qkv->buffer);
    EXPECT_EQ(p.graph.buffers[size_t(h->buffer)].size, 16 * 96);
    // The qkv layer holds x (512), the shared buffer at full size (1536, its
    // 512-byte input counted once) and the scratch (64).
    const int qkv_layer = layer_index(p, "block0.attn.qkv");
    EXPECT_EQ(p.layers[size_t(qkv_layer)].live_bytes, 512 + 1536 + 64);
    EXPECT_EQ(make_plan(tiny(), parse_schedule("layerwise"), GreedyBySizeStrategy())
                  .layers[size_t(qkv_layer)].live_bytes,
              512 + 512 + 1536);
    const Plan lw = make_plan(tiny(), parse_schedule("layerwise"), GreedyBySizeStrategy());
    EXPECT_NE(tensor(lw, "block0.attn.norm.out")->buffer, tensor(lw, "block0.attn.qkv.out")->buffer);
}

TEST(Plan, StagedWeightsAreLiveForTheirLayerOnly) {
    const Plan p = make_plan(tiny(), parse_schedule("layerwise,weights=sram"), GreedyBySizeStrategy());
    const Tensor* w = tensor(p, "block1.mlp.fc1.weights");
    ASSERT_NE(w, nullptr);
    EXPECT_EQ(w->size, 16 * (32 + 96));  // rank 16 low-rank factors of a 32 -> 96 layer
    EXPECT_EQ(w->first, w->last);
    EXPECT_EQ(p.layers[size_t(w->first)].staged_weight_bytes, w->size);
    EXPECT_EQ(tensor(p, "patch_embed.weights")->size, 32 * 4 * 4 * 3);
    // Decomposed: one 2x2 sub-kernel staged at a time (vit_patch_embed_s8_subkernel_size).
    const Plan d = make_plan(tiny(), parse_schedule("layerwise,patch=2,weights=sram"), GreedyBySizeStrategy());
    EXPECT_EQ(tensor(d, "patch_embed.weights")->size, 32 * 2 * 2 * 3);
    EXPECT_EQ(tensor(d, "patch_embed.scratch")->size, 4 * 32);
}

TEST(Plan, NoTwoLiveTensorsOverlapOnAnySchedule) {
    for (const std::string& s : kSchedules) {
        for (const char* strategy : {"greedy", "lifetime", "linear"}) {
            const Plan p = make_plan(tiny(), parse_schedule(s), *make_strategy(strategy));
            for (size_t l = 0; l < p.layers.size(); ++l) {
                const auto& live = p.layers[l].live;
                for (size_t i = 0; i < live.size(); ++i) {
                    for (size_t j = i + 1; j < live.size(); ++j) {
                        const Tensor& a = p.graph.tensors[size_t(live[i])];
                        const Tensor& b = p.graph.tensors[size_t(live[j])];
                        if (a.buffer == b.buffer) continue;  // an in-place operator's input and output
                        const int64_t ao = p.tensor_offset(live[i]);
                        const int64_t bo = p.tensor_offset(live[j]);
                        EXPECT_TRUE(ao + a.size <= bo || bo + b.size <= ao)
                            << s << " " << strategy << " layer " << p.graph.layers[l].name << ": " << a.name
                            << " and " << b.name;
                    }
                }
                EXPECT_LE(p.layers[l].predicted_peak, p.arena_bytes);
            }
        }
    }
}

TEST(Plan, OverwritingNeedsLessThanLayerwise) {
    const Plan lw = make_plan(tiny(), parse_schedule("layerwise"), GreedyBySizeStrategy());
    const Plan ow = make_plan(tiny(), parse_schedule("overwrite"), GreedyBySizeStrategy());
    EXPECT_LT(ow.peak_bytes(), lw.peak_bytes());
}

TEST(Plan, Eq5IsTheLargestFullyConnectedTerm) {
    // qkv: 32*96 weights + max(16*32, 16*96) = 3072 + 1536; low-rank fc1 of
    // block 1: 16*(32+96) + 1536 = 3584.
    const Plan p = make_plan(tiny(), parse_schedule("overwrite"), GreedyBySizeStrategy());
    EXPECT_EQ(p.eq5_m, 4608);
    EXPECT_EQ(p.graph.layers[size_t(p.eq5_layer)].name, "block0.attn.qkv");
}

TEST(Schedule, ParsesCombinationsAndRejectsBadOnes) {
    const Schedule s = parse_schedule("overwrite,patch=4,weights=sram,attention=full");
    EXPECT_TRUE(s.token_overwriting);
    EXPECT_EQ(s.patch_kernel, 4);
    EXPECT_EQ(s.name(), "overwrite,patch=4,weights=sram,attention=full");
    EXPECT_EQ(s.slug(), "overwrite-patch4-sram-fullattn");
    EXPECT_THROW(parse_schedule("overwrite,layerwise"), Error);
    EXPECT_THROW(parse_schedule("inplace"), Error);
    EXPECT_THROW(parse_schedule("patch=0"), Error);
    EXPECT_THROW(parse_schedule("weights=dram"), Error);
    EXPECT_THROW(make_plan(tiny(), parse_schedule("patch=3"), GreedyBySizeStrategy()), Error);
}

TEST(FitCheck, TinyFitsAndABigModelIsRefusedWithLayerAndOvershoot) {
    const BoardProfile f427 = find_board("stm32f427");
    const Plan p = make_plan(tiny(), parse_schedule("layerwise"), GreedyBySizeStrategy());
    const FitCheck ok = check_fit(p, f427, FitOptions{});
    EXPECT_TRUE(ok.fits());
    EXPECT_EQ(ok.refusal(p), "");
    // sram1 + sram2 + sram3 = 192 KB, minus 8 KB stack and 1 KB reserve.
    EXPECT_EQ(ok.arena_budget, 196608 - 8192 - 1024);

    ModelConfig big = tiny();
    big.name = "big";
    big.image_size = 224;
    big.patch_size = 16;
    big.embed_dim = 192;
    big.heads = 3;
    big.depth = 1;
    big.mlp_ratio = {4.0};
    big.lowrank_ratio = 1.0;
    const Plan bp = make_plan(big, parse_schedule("layerwise"), GreedyBySizeStrategy());
    const FitCheck no = check_fit(bp, f427, FitOptions{});
    EXPECT_FALSE(no.fits());
    // Greedy by size puts the two 150 KB MLP buffers at the bottom; the
    // residual stream sits above them from block0.attn.residual on.
    EXPECT_EQ(bp.graph.layers[size_t(no.peak_layer)].name, "block0.attn.residual");
    EXPECT_EQ(no.sram_overshoot, bp.peak_bytes() - no.arena_budget);
    EXPECT_GT(no.sram_overshoot, 0);
    EXPECT_NE(no.refusal(bp).find("layer block0.attn.residual peaks at 338688 bytes of arena, 151296 bytes over"), std::string::npos) << no.refusal(bp);
}

TEST(FitCheck, ArenaRegionOutsideTheMainBlock) {
    const BoardProfile f427 = find_board("stm32f427");
    const Plan p = make_plan(tiny(), parse_schedule("layerwise"), GreedyBySizeStrategy());
    FitOptions o;
    o.arena_region = "ccm";
    const FitCheck ccm = check_fit(p, f427, o);
    EXPECT_EQ(ccm.arena_budget, 65536);
    EXPECT_EQ(ccm.arena_section, ".noinit.ccm");
    // A budget that stops before the CCM (profile order: sram1-3, then ccm) leaves it none.
    o.sram_budget = 192 * 1024 + 1024;
    EXPECT_EQ(check_fit(p, f427, o).arena_budget, 1024);
    EXPECT_FALSE(check_fit(p, f427, o).fits());
    o.sram_budget = 0;
    o.arena_region = "sram2";
    EXPECT_THROW(check_fit(p, f427, o), Error);
    o.arena_region = "dram";
    EXPECT_THROW(check_fit(p, f427, o), Error);
}

}  // namespace
}  // namespace mcuprof::planner
