#include "tools/planner/plan.hpp"

#include "emulator/text/error.hpp"

#include <algorithm>
#include <map>

namespace mcuprof::planner {

std::vector<BufferRequest> buffer_requests(const Graph& graph) {
    std::vector<BufferRequest> out;
    out.reserve(graph.buffers.size());
    for (const Buffer& b : graph.buffers) out.push_back(BufferRequest{b.size, b.first, b.last});
    return out;
}

std::vector<LiveRange> Plan::live_ranges(int layer) const {
    std::vector<LiveRange> out;
    for (int t : layers[size_t(layer)].live) out.push_back(LiveRange{tensor_offset(t), graph.tensors[size_t(t)].size});
    return out;
}

Plan make_plan(const ModelConfig& model, const Schedule& schedule, const OffsetStrategy& strategy,
               int64_t alignment) {
    Plan p;
    p.model = model;
    p.schedule = schedule;
    p.strategy = strategy.name();
    p.alignment = alignment;
    p.graph = build_graph(model, schedule);
    const std::vector<BufferRequest> requests = buffer_requests(p.graph);
    p.buffer_offsets = strategy.assign(requests, alignment);
    const auto [a, b] = find_conflict(requests, p.buffer_offsets);
    if (a >= 0) {
        fail("planner strategy '{}' placed live buffers '{}' and '{}' on top of each other", strategy.name(),
             p.graph.buffers[size_t(a)].name, p.graph.buffers[size_t(b)].name);
    }
    analyze_plan(p);
    return p;
}

void analyze_plan(Plan& p) {
    p.arena_bytes = arena_size(buffer_requests(p.graph), p.buffer_offsets);
    p.layers.assign(p.graph.layers.size(), LayerPlan{});
    p.peak_layer = 0;
    p.flash_param_bytes = 0;
    p.eq5_m = 0;
    p.eq5_layer = -1;
    for (size_t t = 0; t < p.graph.tensors.size(); ++t) {
        const Tensor& tensor = p.graph.tensors[t];
        for (int l = tensor.first; l <= tensor.last; ++l) {
            LayerPlan& lp = p.layers[size_t(l)];
            lp.live.push_back(int(t));
            lp.predicted_peak = std::max(lp.predicted_peak, p.tensor_offset(int(t)) + tensor.size);
            if (tensor.role == TensorRole::Scratch) lp.scratch_bytes += tensor.size;
            if (tensor.role == TensorRole::StagedWeights) lp.staged_weight_bytes += tensor.size;
        }
    }
    // Live bytes: per buffer, the largest of its tensors live in the layer (an
    // in-place operator's input and output share their bytes).
    for (LayerPlan& lp : p.layers) {
        std::map<int, int64_t> extent;
        for (int t : lp.live) {
            const Tensor& tensor = p.graph.tensors[size_t(t)];
            extent[tensor.buffer] = std::max(extent[tensor.buffer], tensor.size);
        }
        for (const auto& [buffer, bytes] : extent) lp.live_bytes += bytes;
    }
    for (size_t l = 0; l < p.layers.size(); ++l) {
        if (p.layers[l].predicted_peak > p.layers[size_t(p.peak_layer)].predicted_peak) p.peak_layer = int(l);
        const Layer& layer = p.graph.layers[l];
        p.flash_param_bytes += layer.param_bytes;
        if (layer.eq5_weight_elems > 0) {
            const int64_t m = layer.eq5_weight_elems + std::max(layer.eq5_in_bytes, layer.eq5_out_bytes);
            if (m > p.eq5_m) {
                p.eq5_m = m;
                p.eq5_layer = int(l);
            }
        }
    }
}

}  // namespace mcuprof::planner
