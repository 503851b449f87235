// The kernel choice per operator and schedule, and layer_calls() from it.
#include "tools/codegen/layer_kernels.hpp"

#include "tools/codegen/codegen.hpp"

namespace mcuprof::planner::codegen {

bool stages_subkernels(const Plan& plan, const Layer& layer) {
    return layer.op == OpKind::PatchEmbed && layer.staged >= 0 && plan.schedule.patch_kernel != 0;
}

std::string layer_kernel(const Plan& plan, const Layer& layer) {
    const Schedule& s = plan.schedule;
    if (stages_subkernels(plan, layer)) return "";
    switch (layer.op) {
        case OpKind::Input: return "";
        case OpKind::PatchEmbed: return s.patch_kernel != 0 ? "vit_patch_embed_s8_decomposed" : "vit_patch_embed_s8";
        case OpKind::PosEmbed:
        case OpKind::Residual: return "vit_residual_add_s8";
        case OpKind::LayerNorm: return "vit_layernorm_s8";
        case OpKind::Linear:
            return std::string("vit_linear_s8") + (layer.linear.rank != 0 ? "_lowrank" : "") +
                   (layer.linear.inplace ? "_inplace" : "");
        case OpKind::Attention: return s.attention == AttentionSchedule::Full ? "vit_mhsa_s8_full" : "vit_mhsa_s8";
        case OpKind::Gelu: return "vit_gelu_s8";
        case OpKind::MeanPool: return "vit_pool_mean_s8";
        case OpKind::Classifier: return "vit_classifier_s8";
    }
    return "";
}

}  // namespace mcuprof::planner::codegen

namespace mcuprof::planner {

std::vector<std::string> layer_calls(const Plan& plan, int layer) {
    const Layer& l = plan.graph.layers.at(size_t(layer));
    if (codegen::stages_subkernels(plan, l)) {
        return {"vit_patch_embed_s8_token_start", "vit_patch_embed_s8_stage_subkernel", "vit_patch_embed_s8_accumulate",
                "vit_patch_embed_s8_token_finish"};
    }
    std::vector<std::string> calls;
    if (l.staged >= 0 || l.op == OpKind::Input) calls.push_back("memcpy");
    if (l.op != OpKind::Input) calls.push_back(codegen::layer_kernel(plan, l));
    return calls;
}

}  // namespace mcuprof::planner
