// A memory plan: a model's graph under a schedule with every buffer placed in
// one arena by an offset strategy, and what it predicts per layer.
//
// Predicted peak of a layer = the highest arena byte any tensor live during the
// layer occupies (buffer offset + tensor size), so it counts activations,
// scratch and staged weights. Tensors live only while the plan says: at every
// layer boundary the rest of the arena is dead (the emulator poisons it).
#pragma once

#include "tools/model/model_config.hpp"
#include "tools/model/model_graph.hpp"
#include "tools/model/schedule.hpp"
#include "tools/planner/memory_planner.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace mcuprof::planner {

struct LiveRange {
    int64_t offset = 0;
    int64_t size = 0;
};

struct LayerPlan {
    std::vector<int> live;          // tensor ids live during the layer
    int64_t predicted_peak = 0;     // highest live arena byte + 1
    int64_t live_bytes = 0;         // bytes held by live tensors (shared bytes once)
    int64_t scratch_bytes = 0;
    int64_t staged_weight_bytes = 0;
};

struct Plan {
    ModelConfig model;
    Schedule schedule;
    std::string strategy;
    int64_t alignment = 4;
    Graph graph;
    std::vector<int64_t> buffer_offsets;  // per graph buffer
    int64_t arena_bytes = 0;
    std::vector<LayerPlan> layers;        // per graph layer
    int peak_layer = 0;
    int64_t flash_param_bytes = 0;        // parameter arrays (weights, biases, multipliers, image, tables)
    int64_t eq5_m = 0;                    // MCUFormer eq. 5 over the fully connected layers
    int eq5_layer = -1;

    int64_t tensor_offset(int tensor) const {
        return buffer_offsets[size_t(graph.tensors[size_t(tensor)].buffer)];
    }
    int64_t peak_bytes() const { return layers[size_t(peak_layer)].predicted_peak; }
    // [offset, size) of every tensor live during layer i.
    std::vector<LiveRange> live_ranges(int layer) const;
};

Plan make_plan(const ModelConfig& model, const Schedule& schedule, const OffsetStrategy& strategy,
               int64_t alignment = 4);

// Recomputes everything derived from the graph and the buffer offsets (arena
// size, live tensors and peaks per layer, flash bytes, eq. 5). make_plan calls
// it; tests call it after editing a plan.
void analyze_plan(Plan& plan);

// The buffers of a graph as planner requests (same order).
std::vector<BufferRequest> buffer_requests(const Graph& graph);

}  // namespace mcuprof::planner
