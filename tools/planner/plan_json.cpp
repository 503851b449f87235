#include "tools/planner/plan_json.hpp"

namespace mcuprof::planner {
namespace {

const char* to_string(TensorRole role) {
    switch (role) {
        case TensorRole::Activation: return "activation";
        case TensorRole::Scratch: return "scratch";
        case TensorRole::StagedWeights: return "staged_weights";
    }
    return "?";
}

nlohmann::json model_json(const ModelConfig& m) {
    return {{"name", m.name},           {"image_size", m.image_size}, {"channels", m.channels},
            {"patch_size", m.patch_size}, {"embed_dim", m.embed_dim}, {"depth", m.depth},
            {"heads", m.heads},         {"mlp_ratio", m.mlp_ratio},   {"lowrank_ratio", m.lowrank_ratio},
            {"classes", m.classes},     {"seed", m.seed},             {"tokens", m.tokens()}};
}

}  // namespace

nlohmann::json plan_to_json(const Plan& plan, const FitCheck* fit) {
    const Graph& g = plan.graph;
    nlohmann::json j;
    j["schema"] = "mcuprof.plan/1";
    j["model"] = model_json(plan.model);
    j["schedule"] = plan.schedule.name();
    j["strategy"] = plan.strategy;
    j["alignment"] = plan.alignment;
    j["arena_bytes"] = plan.arena_bytes;
    j["peak"] = {{"layer", g.layers[size_t(plan.peak_layer)].name}, {"bytes", plan.peak_bytes()}};
    j["flash_param_bytes"] = plan.flash_param_bytes;
    j["eq5"] = {{"M_bytes", plan.eq5_m},
                {"layer", plan.eq5_layer >= 0 ? nlohmann::json(g.layers[size_t(plan.eq5_layer)].name) : nlohmann::json()}};
    auto& buffers = j["buffers"] = nlohmann::json::array();
    for (size_t b = 0; b < g.buffers.size(); ++b) {
        buffers.push_back({{"name", g.buffers[b].name},
                           {"offset", plan.buffer_offsets[b]},
                           {"size", g.buffers[b].size},
                           {"first_layer", g.buffers[b].first},
                           {"last_layer", g.buffers[b].last}});
    }
    auto& tensors = j["tensors"] = nlohmann::json::array();
    for (size_t t = 0; t < g.tensors.size(); ++t) {
        const Tensor& ten = g.tensors[t];
        tensors.push_back({{"name", ten.name},
                           {"role", to_string(ten.role)},
                           {"buffer", g.buffers[size_t(ten.buffer)].name},
                           {"offset", plan.tensor_offset(int(t))},
                           {"size", ten.size},
                           {"first_layer", ten.first},
                           {"last_layer", ten.last}});
    }
    auto& layers = j["layers"] = nlohmann::json::array();
    for (size_t l = 0; l < g.layers.size(); ++l) {
        const Layer& layer = g.layers[l];
        const LayerPlan& lp = plan.layers[l];
        nlohmann::json live = nlohmann::json::array();
        for (int t : lp.live) live.push_back(g.tensors[size_t(t)].name);
        layers.push_back({{"index", l},
                          {"name", layer.name},
                          {"op", to_string(layer.op)},
                          {"inplace", layer.inplace},
                          {"predicted_peak_bytes", lp.predicted_peak},
                          {"live_bytes", lp.live_bytes},
                          {"scratch_bytes", lp.scratch_bytes},
                          {"staged_weight_bytes", lp.staged_weight_bytes},
                          {"param_bytes", layer.param_bytes},
                          {"live_tensors", live}});
    }
    if (fit != nullptr) {
        j["fit"] = {{"board", fit->board},
                    {"ram_block", fit->ram_block},
                    {"ram_block_base", fit->ram_block_base},
                    {"ram_block_bytes", fit->ram_block_bytes},
                    {"arena_budget_bytes", fit->arena_budget},
                    {"flash_budget_bytes", fit->flash_budget},
                    {"fits", fit->fits()},
                    {"sram_overshoot_bytes", fit->sram_overshoot},
                    {"flash_overshoot_bytes", fit->flash_overshoot}};
    }
    return j;
}

}  // namespace mcuprof::planner
