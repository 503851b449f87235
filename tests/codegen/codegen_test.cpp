// The generated C of the test model, read back: every parameter array holds
// exactly the model's weights, the parameter structs point at their own
// layer's arrays and carry its quantization, weights stay in flash unless the
// schedule stages them into the arena, the arena goes where it is asked to,
// and mcuprof_model_run() runs every layer once, in plan order, between its
// markers, calling layer_calls() on the plan's offsets.
#include "generated_c_reader.hpp"
#include "tools/codegen/codegen.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <map>
#include <regex>
#include <set>
#include <string>
#include <vector>

namespace mcuprof::planner {
namespace {

using namespace codegen_test;

const std::string kTinyModel = std::string(MCUPROF_SOURCE_DIR) + "/firmware/models/tiny.yaml";

// Schedules that reach every branch of the generator: out of place and in
// place, full and low-rank layers written over their input, flash and staged
// weights, each patch embedding, row and full attention.
const std::vector<std::string> kSchedules = {"layerwise",
                                             "overwrite",
                                             "layerwise,patch=2",
                                             "overwrite,weights=sram",
                                             "overwrite,patch=1,weights=sram",
                                             "layerwise,weights=sram,attention=full",
                                             "overwrite,patch=4,attention=full"};

struct Generated {
    Plan plan;
    ModelWeights weights;
    std::string source;
};

Generated generate(const std::string& schedule, const std::string& arena_section = "") {
    Generated g{make_plan(load_model_config(kTinyModel), parse_schedule(schedule), *make_strategy("greedy")), {}, {}};
    g.weights = generate_weights(g.plan.model, g.plan.graph);
    g.source = generate_model_c(g.plan, g.weights, arena_section);
    return g;
}

std::string c_name(const std::string& layer_name) {
    std::string s = layer_name;
    std::replace(s.begin(), s.end(), '.', '_');
    return s;
}

template <typename T>
std::vector<int64_t> widened(const std::vector<T>& values) {
    return std::vector<int64_t>(values.begin(), values.end());
}

struct ExpectedArray {
    std::string type;
    std::vector<int64_t> values;
};

void expect_linear_arrays(std::map<std::string, ExpectedArray>& out, const std::string& base, const LinearArrays& a) {
    out[base + "_w"] = {"int8_t", widened(a.weights)};
    if (!a.bias.empty()) out[base + "_b"] = {"int32_t", widened(a.bias)};
    out[base + "_m"] = {"int32_t", widened(a.mult)};
    out[base + "_s"] = {"int32_t", widened(a.shift)};
}

// What the model's weights say each array must hold, by the generated name.
std::map<std::string, ExpectedArray> expected_arrays(const Generated& g) {
    std::map<std::string, ExpectedArray> out;
    for (size_t i = 0; i < g.plan.graph.layers.size(); ++i) {
        const Layer& l = g.plan.graph.layers[i];
        const LayerParams& p = g.weights.layers[i];
        const std::string id = c_name(l.name);
        switch (l.op) {
            case OpKind::Input:
            case OpKind::PosEmbed: out[id + "_table"] = {"int8_t", widened(p.table)}; break;
            case OpKind::LayerNorm:
                out[id + "_g"] = {"int8_t", widened(p.gamma)};
                out[id + "_b"] = {"int32_t", widened(p.beta)};
                out[id + "_m"] = {"int32_t", widened(p.ln_mult)};
                out[id + "_s"] = {"int32_t", widened(p.ln_shift)};
                break;
            case OpKind::PatchEmbed:
            case OpKind::Linear:
            case OpKind::Classifier:
                if (l.linear.rank == 0) {
                    expect_linear_arrays(out, id, p.linear);
                } else {
                    expect_linear_arrays(out, id + "_v", p.v);
                    expect_linear_arrays(out, id + "_u", p.u);
                }
                break;
            default: break;
        }
    }
    return out;
}

// What a layer's parameter struct must say: its type and every field, the
// pointers by array name and the numbers as the model's weights have them.
struct ExpectedStruct {
    std::string type;
    std::map<std::string, std::string> fields;

    void numbers(std::initializer_list<std::pair<const char*, int64_t>> values, const std::string& prefix = "") {
        for (const auto& [field, value] : values) fields[prefix + field] = std::to_string(value);
    }
    void arrays(std::initializer_list<std::pair<const char*, std::string>> names, const std::string& prefix = "") {
        for (const auto& [field, name] : names) fields[prefix + field] = name;
    }
    void linear(const std::string& prefix, const std::string& base, const LinearArrays& a, const vit_linear_params& q) {
        numbers({{"in_dim", q.in_dim}, {"out_dim", q.out_dim}, {"in_zp", q.in_zp}, {"out_zp", q.out_zp},
                 {"act_min", q.act_min}, {"act_max", q.act_max}},
                prefix);
        arrays({{"weights", base + "_w"}, {"bias", a.bias.empty() ? "0" : base + "_b"}, {"out_mult", base + "_m"},
                {"out_shift", base + "_s"}},
               prefix);
    }
};

ExpectedStruct expected_struct(const Layer& l, const LayerParams& p) {
    const std::string id = c_name(l.name);
    ExpectedStruct e;
    switch (l.op) {
        case OpKind::Input: break;
        case OpKind::PatchEmbed: {
            const vit_patch_embed_params& q = p.patch_params;
            e.type = "vit_patch_embed_params";
            e.numbers({{"height", q.height}, {"width", q.width}, {"channels", q.channels}, {"patch", q.patch},
                       {"embed_dim", q.embed_dim}, {"in_zp", q.in_zp}, {"out_zp", q.out_zp}, {"act_min", q.act_min},
                       {"act_max", q.act_max}});
            e.arrays({{"weights", id + "_w"}, {"bias", id + "_b"}, {"out_mult", id + "_m"}, {"out_shift", id + "_s"}});
            break;
        }
        case OpKind::PosEmbed:
        case OpKind::Residual: {
            const vit_residual_params& q = p.residual_params;
            e.type = "vit_residual_params";
            e.numbers({{"a_zp", q.a_zp}, {"b_zp", q.b_zp}, {"out_zp", q.out_zp}, {"a_mult", q.a_mult},
                       {"b_mult", q.b_mult}, {"shift", q.shift}, {"act_min", q.act_min}, {"act_max", q.act_max}});
            break;
        }
        case OpKind::LayerNorm: {
            const vit_layernorm_params& q = p.ln_params;
            e.type = "vit_layernorm_params";
            e.numbers({{"dim", q.dim}, {"in_zp", q.in_zp}, {"out_zp", q.out_zp}, {"var_eps", q.var_eps},
                       {"sqrt_iters", q.sqrt_iters}});
            e.arrays({{"gamma", id + "_g"}, {"beta", id + "_b"}, {"out_mult", id + "_m"}, {"out_shift", id + "_s"}});
            break;
        }
        case OpKind::Linear:
        case OpKind::Classifier:
            if (l.linear.rank == 0) {
                e.type = "vit_linear_params";
                e.linear("", id, p.linear, p.linear_params);
            } else {
                e.type = "vit_lowrank_params";
                e.linear("v.", id + "_v", p.v, p.lowrank_params.v);
                e.linear("u.", id + "_u", p.u, p.lowrank_params.u);
            }
            break;
        case OpKind::Attention: {
            const vit_mhsa_params& q = p.mhsa_params;
            e.type = "vit_mhsa_params";
            e.numbers({{"n_tokens", q.n_tokens}, {"n_heads", q.n_heads}, {"head_dim", q.head_dim},
                       {"qkv_stride", q.qkv_stride}, {"out_stride", q.out_stride}, {"q_zp", q.q_zp}, {"k_zp", q.k_zp},
                       {"v_zp", q.v_zp}, {"out_zp", q.out_zp}, {"score_mult", q.score_mult},
                       {"score_shift", q.score_shift}, {"out_mult", q.out_mult}, {"out_shift", q.out_shift}});
            break;
        }
        case OpKind::Gelu: {
            const vit_gelu_params& q = p.gelu_params;
            e.type = "vit_gelu_params";
            e.numbers({{"in_zp", q.in_zp}, {"out_zp", q.out_zp}, {"sig_mult", q.sig_mult}, {"sig_shift", q.sig_shift},
                       {"out_mult", q.out_mult}, {"out_shift", q.out_shift}});
            break;
        }
        case OpKind::MeanPool: {
            const vit_pool_mean_params& q = p.pool_params;
            e.type = "vit_pool_mean_params";
            e.numbers({{"n_tokens", q.n_tokens}, {"dim", q.dim}, {"in_zp", q.in_zp}, {"out_zp", q.out_zp},
                       {"mult", q.mult}, {"shift", q.shift}});
            break;
        }
    }
    return e;
}

std::string in_at(int64_t offset) { return "(const int8_t *)(a + " + std::to_string(offset) + ")"; }
std::string out_at(int64_t offset) { return "(int8_t *)(a + " + std::to_string(offset) + ")"; }

TEST(Codegen, EveryParameterArrayHoldsExactlyTheModelsWeights) {
    for (const std::string& schedule : kSchedules) {
        SCOPED_TRACE(schedule);
        const Generated g = generate(schedule);
        const std::map<std::string, CArray> arrays = parse_arrays(g.source);
        std::map<std::string, ExpectedArray> expected = expected_arrays(g);
        std::set<std::string> parameter_arrays;
        for (const auto& [name, a] : arrays) parameter_arrays.insert(name);
        std::set<std::string> expected_names;
        for (const auto& [name, e] : expected) expected_names.insert(name);
        EXPECT_EQ(parameter_arrays, expected_names);
        for (const auto& [name, e] : expected) {
            const auto found = arrays.find(name);
            if (found == arrays.end()) continue;
            const CArray& a = found->second;
            EXPECT_EQ(a.type, e.type) << name;
            EXPECT_EQ(a.declared, e.values.size()) << name;
            EXPECT_EQ(a.values, e.values) << name;
        }
    }
}

TEST(Codegen, ParameterStructsPointAtTheirLayersArraysAndCarryItsQuantization) {
    for (const std::string& schedule : {"layerwise", "overwrite,patch=2,weights=sram"}) {
        SCOPED_TRACE(schedule);
        const Generated g = generate(schedule);
        const std::map<std::string, CStruct> structs = parse_structs(g.source);
        size_t layers_with_params = 0;
        for (size_t i = 0; i < g.plan.graph.layers.size(); ++i) {
            const Layer& l = g.plan.graph.layers[i];
            const auto found = structs.find(c_name(l.name) + "_p");
            if (l.op == OpKind::Input) {  // the image is copied, not passed to a kernel
                EXPECT_EQ(found, structs.end());
                continue;
            }
            ++layers_with_params;
            ASSERT_NE(found, structs.end()) << l.name;
            const ExpectedStruct want = expected_struct(l, g.weights.layers[i]);
            EXPECT_EQ(found->second.type, want.type) << l.name;
            EXPECT_EQ(found->second.fields, want.fields) << l.name;
        }
        EXPECT_EQ(structs.size(), layers_with_params);
    }
}

TEST(Codegen, ParametersStayConstInFlashAndOnlyTheArenaIsWritable) {
    for (const std::string& schedule : kSchedules) {
        SCOPED_TRACE(schedule);
        const Generated g = generate(schedule);
        for (const auto& [name, a] : parse_arrays(g.source)) EXPECT_EQ(a.qualifiers, "static const ") << name;
        // The arena: the one writable array, at least the plan's size.
        const int64_t size = std::max<int64_t>(g.plan.arena_bytes, 8);
        const std::string arena = "uint8_t mcuprof_arena[" + std::to_string(size) + "] MCUPROF_ARENA_PLACEMENT;";
        EXPECT_EQ(count(g.source, arena), 1u);
        EXPECT_EQ(count(g.source, "mcuprof_arena["), 1u);
    }
}

TEST(Codegen, TheArenaGoesToTheRequestedSectionOnTheBoardOnly) {
    const std::string in_bss = "#define MCUPROF_ARENA_PLACEMENT __attribute__((aligned(8)))\n";
    const Generated main_ram = generate("overwrite");
    EXPECT_EQ(count(main_ram.source, "section("), 0u);
    EXPECT_EQ(count(main_ram.source, in_bss), 1u);

    const Generated ccm = generate("overwrite", ".noinit.ccm");
    EXPECT_EQ(count(ccm.source, "section("), 1u);
    // On the host (MCUPROF_HOST) the arena is plain .bss; on the board it goes to the section.
    const std::string on_board_only =
        "#ifdef MCUPROF_HOST\n" + in_bss +
        "#else\n#define MCUPROF_ARENA_PLACEMENT __attribute__((aligned(8), section(\".noinit.ccm\")))\n#endif\n";
    const size_t at = ccm.source.find(on_board_only);
    ASSERT_NE(at, std::string::npos);
    // Only the placement differs.
    std::string rest = ccm.source;
    rest.replace(at, on_board_only.size(), in_bss);
    EXPECT_EQ(rest, main_ram.source);
}

TEST(Codegen, FlashWeightsAreUsedInPlaceStagedWeightsAreCopiedIntoTheirArenaBuffer) {
    for (const std::string& schedule : kSchedules) {
        SCOPED_TRACE(schedule);
        const Generated g = generate(schedule);
        const std::vector<LayerBlock> blocks = layer_blocks(g.source);
        ASSERT_EQ(blocks.size(), g.plan.graph.layers.size());
        bool staged_any = false;
        for (size_t i = 0; i < blocks.size(); ++i) {
            const Layer& l = g.plan.graph.layers[i];
            const LayerParams& p = g.weights.layers[i];
            const std::string& code = blocks[i].code;
            const std::string id = c_name(l.name);
            SCOPED_TRACE(l.name);
            if (l.staged < 0) {
                // Flash: the kernel reads the const struct, and nothing is copied but the image.
                EXPECT_EQ(count(code, "memcpy("), l.op == OpKind::Input ? 1u : 0u);
                if (l.op != OpKind::Input) EXPECT_EQ(count(code, "(&" + id + "_p, "), 1u);
                continue;
            }
            staged_any = true;
            const int64_t at = g.plan.tensor_offset(l.staged);
            const int64_t capacity = g.plan.graph.tensors[size_t(l.staged)].size;
            if (l.op == OpKind::PatchEmbed && g.plan.schedule.patch_kernel != 0) {
                // One sub-kernel at a time, staged by the kernel into the buffer.
                EXPECT_EQ(count(code, "memcpy("), 0u);
                EXPECT_EQ(count(code, "int8_t *w = (int8_t *)(a + " + std::to_string(at) + ");"), 1u);
                EXPECT_EQ(count(code, "vit_patch_embed_s8_stage_subkernel(&" + id + "_p, "), 1u);
                continue;
            }
            // Every weight matrix copied, back to back, into the staged buffer;
            // the kernel gets the copy of the struct that points there.
            std::vector<std::pair<std::string, const LinearArrays*>> parts;
            if (l.linear.rank != 0) {
                parts = {{"v.", &p.v}, {"u.", &p.u}};
            } else {
                parts = {{"", &p.linear}};
            }
            int64_t next = at;
            for (const auto& [member, arrays] : parts) {
                const std::string base = member.empty() ? id : id + "_" + member.substr(0, 1);
                const std::string offset = std::to_string(next);
                EXPECT_EQ(count(code, "memcpy(a + " + offset + ", " + base + "_w, " +
                                          std::to_string(arrays->weights.size()) + ");"),
                          1u);
                EXPECT_EQ(count(code, "p." + member + "weights = (const int8_t *)(a + " + offset + ");"), 1u);
                next += int64_t(arrays->weights.size());
            }
            EXPECT_EQ(count(code, "memcpy("), parts.size());
            EXPECT_LE(next, at + capacity);
            EXPECT_EQ(count(code, " p = " + id + "_p;"), 1u);
            EXPECT_EQ(count(code, "(&p, "), 1u);
            EXPECT_EQ(count(code, "&" + id + "_p"), 0u) << "the kernel must not read the flash struct";
        }
        EXPECT_EQ(staged_any, g.plan.schedule.weights == WeightPlacement::Sram);
    }
}

TEST(Codegen, EveryLayerRunsOnceInPlanOrderBetweenItsMarkers) {
    for (const std::string& schedule : kSchedules) {
        SCOPED_TRACE(schedule);
        const Generated g = generate(schedule);
        const std::vector<LayerBlock> blocks = layer_blocks(g.source);
        std::vector<std::string> marked;
        for (const LayerBlock& b : blocks) marked.push_back(b.name);
        std::vector<std::string> planned;
        for (const Layer& l : g.plan.graph.layers) planned.push_back(l.name);
        EXPECT_EQ(marked, planned);
        EXPECT_EQ(count(g.source, "MCUPROF_MODEL_LAYER_BEGIN("), planned.size());
        EXPECT_EQ(count(g.source, "MCUPROF_MODEL_LAYER_END();"), planned.size());
        // A failure stops the run naming the layer, right after its end marker.
        for (const std::string& name : planned) {
            EXPECT_EQ(count(g.source, "MCUPROF_MODEL_LAYER_END();\n    if (st != VIT_OK) return mcuprof_model_fail(\"" +
                                          name + "\", st);\n"),
                      1u)
                << name;
        }
    }
}

TEST(Codegen, EachLayerCallsExactlyItsLayerCalls) {
    static const std::regex call(R"((vit_\w+|memcpy)\()");
    for (const std::string& schedule : kSchedules) {
        SCOPED_TRACE(schedule);
        const Generated g = generate(schedule);
        const std::vector<LayerBlock> blocks = layer_blocks(g.source);
        ASSERT_EQ(blocks.size(), g.plan.graph.layers.size());
        for (size_t i = 0; i < blocks.size(); ++i) {
            std::set<std::string> called;
            for (auto it = std::sregex_iterator(blocks[i].code.begin(), blocks[i].code.end(), call);
                 it != std::sregex_iterator(); ++it) {
                called.insert((*it)[1]);
            }
            const std::vector<std::string> listed = layer_calls(g.plan, int(i));
            EXPECT_EQ(called, std::set<std::string>(listed.begin(), listed.end())) << blocks[i].name;
            EXPECT_EQ(listed.size(), std::set<std::string>(listed.begin(), listed.end()).size()) << blocks[i].name;
        }
    }
}

TEST(Codegen, KernelsReadAndWriteThePlannedOffsets) {
    for (const std::string& schedule : kSchedules) {
        SCOPED_TRACE(schedule);
        const Generated g = generate(schedule);
        const Plan& plan = g.plan;
        const std::vector<LayerBlock> blocks = layer_blocks(g.source);
        ASSERT_EQ(blocks.size(), plan.graph.layers.size());
        for (size_t i = 0; i < blocks.size(); ++i) {
            const Layer& l = plan.graph.layers[i];
            const std::string& code = blocks[i].code;
            SCOPED_TRACE(l.name);
            const int64_t output = plan.tensor_offset(l.output);
            if (l.op == OpKind::Input) {
                EXPECT_EQ(count(code, "memcpy(a + " + std::to_string(output) + ", input_table, " +
                                          std::to_string(plan.graph.tensors[size_t(l.output)].size) + ");"),
                          1u);
                continue;
            }
            EXPECT_EQ(count(code, out_at(output)), 1u);
            if (l.op == OpKind::Attention) {
                // q, k and v: the three thirds of each qkv token row.
                const int64_t q = plan.tensor_offset(l.inputs.at(0));
                const int32_t d = plan.model.embed_dim;
                EXPECT_EQ(count(code, in_at(q) + ", " + in_at(q + d) + ", " + in_at(q + 2 * d) + ", "), 1u);
            } else if (!l.linear.inplace) {
                for (int input : l.inputs) EXPECT_GE(count(code, in_at(plan.tensor_offset(input))), 1u);
            }
            const std::string scratch = "const vit_scratch sc = {a + ";
            if (l.op == OpKind::PatchEmbed && l.staged >= 0 && plan.schedule.patch_kernel != 0) {
                // The sub-kernel loop accumulates in the scratch buffer.
                const std::string acc = std::to_string(plan.tensor_offset(l.scratch));
                EXPECT_EQ(count(code, "int32_t *acc = (int32_t *)(a + " + acc + ");"), 1u);
                EXPECT_EQ(count(code, scratch), 0u);
            } else if (l.scratch >= 0) {
                EXPECT_EQ(count(code, scratch + std::to_string(plan.tensor_offset(l.scratch)) + ", " +
                                          std::to_string(plan.graph.tensors[size_t(l.scratch)].size) + "};"),
                          1u);
                EXPECT_EQ(count(code, ", &sc);"), 1u);
            } else {
                EXPECT_EQ(count(code, scratch), 0u);
            }
        }
        // The logits: the last layer's output.
        const std::string logits = std::to_string(plan.tensor_offset(plan.graph.layers.back().output));
        EXPECT_EQ(count(g.source, "return (const int8_t *)(mcuprof_arena + " + logits + "); }"), 1u);
    }
}

}  // namespace
}  // namespace mcuprof::planner
