// A layer's block in mcuprof_model_run(): staging from the layer's
// quantized-linear parts, then one kernel call whose arguments depend on the
// operator (or the sub-kernel loop of a staged decomposed patch embedding).
#include "tools/codegen/layer_statements.hpp"

#include "tools/codegen/c_syntax.hpp"
#include "tools/codegen/layer_kernels.hpp"
#include "tools/codegen/layer_parameters.hpp"

#include <fmt/format.h>

#include <iterator>
#include <vector>

namespace mcuprof::planner::codegen {
namespace {

class LayerStatements {
public:
    LayerStatements(std::string& out, const Plan& plan, const Layer& layer, const LayerParams& params)
        : out_(out), plan_(plan), l_(layer), p_(params) {}
    void emit();

private:
    int64_t offset(int tensor) const { return plan_.tensor_offset(tensor); }
    static std::string input_at(int64_t offset) { return fmt::format("(const int8_t *)(a + {})", offset); }
    std::string in(size_t i = 0) const { return input_at(offset(l_.inputs.at(i))); }
    std::string out() const { return fmt::format("(int8_t *)(a + {})", offset(l_.output)); }
    int64_t output_tensor_size() const { return plan_.graph.tensors[size_t(l_.output)].size; }
    int64_t output_buffer_size() const {
        return plan_.graph.buffers[size_t(plan_.graph.tensors[size_t(l_.output)].buffer)].size;
    }

    std::string stage_weights();
    void emit_subkernel_loop(const std::string& params);
    std::vector<std::string> kernel_arguments(const std::string& params) const;
    void emit_kernel_call(const std::string& kernel, std::vector<std::string> arguments);

    std::string& out_;
    const Plan& plan_;
    const Layer& l_;
    const LayerParams& p_;
};

// Copies every weight matrix of the layer from flash into its staging buffer
// in the arena, one after another, into a local copy of the parameter struct
// that points at the copies; returns that struct for the kernel.
std::string LayerStatements::stage_weights() {
    auto it = std::back_inserter(out_);
    fmt::format_to(it, "        {} p = {};\n", parameter_struct_type(l_), parameter_struct_name(l_));
    int64_t at = offset(l_.staged);
    for (const LinearPart& part : linear_parts(l_, p_)) {
        fmt::format_to(it, "        memcpy(a + {0}, {1}, {2});\n        p.{3}weights = (const int8_t *)(a + {0});\n", at,
                       weights_array_name(part), part.arrays.weights.size(), part.member);
        at += int64_t(part.arrays.weights.size());
    }
    return "&p";
}

// One sub-kernel's weights at a time, copied for every token.
void LayerStatements::emit_subkernel_loop(const std::string& params) {
    const Schedule& s = plan_.schedule;
    fmt::format_to(std::back_inserter(out_),
                   "        int32_t *acc = (int32_t *)(a + {0});\n"
                   "        int8_t *w = (int8_t *)(a + {1});\n"
                   "        st = VIT_OK;\n"
                   "        for (int32_t t = 0; t < {2} && st == VIT_OK; ++t) {{\n"
                   "            st = vit_patch_embed_s8_token_start({3}, acc);\n"
                   "            for (int32_t sy = 0; sy < {4} && st == VIT_OK; ++sy) {{\n"
                   "                for (int32_t sx = 0; sx < {4} && st == VIT_OK; ++sx) {{\n"
                   "                    st = vit_patch_embed_s8_stage_subkernel({3}, {5}, sy, sx, w);\n"
                   "                    if (st == VIT_OK) st = vit_patch_embed_s8_accumulate({3}, {5}, t, sy, sx, w, {6}, acc);\n"
                   "                }}\n"
                   "            }}\n"
                   "            if (st == VIT_OK) st = vit_patch_embed_s8_token_finish({3}, acc, {7} + t * {8});\n"
                   "        }}\n",
                   offset(l_.scratch), offset(l_.staged), l_.tokens, params, plan_.model.patch_size / s.patch_kernel,
                   s.patch_kernel, in(), out(), plan_.model.embed_dim);
}

// The kernel's arguments before the scratch buffer.
std::vector<std::string> LayerStatements::kernel_arguments(const std::string& params) const {
    switch (l_.op) {
        case OpKind::Input: break;
        case OpKind::PatchEmbed:
            if (plan_.schedule.patch_kernel != 0) return {params, c_number(plan_.schedule.patch_kernel), in(), out()};
            return {params, in(), out()};
        case OpKind::PosEmbed:
            return {params, in(), table_array_name(l_), out(), c_number(p_.table.size())};
        case OpKind::LayerNorm: return {params, c_number(l_.tokens), in(), out()};
        case OpKind::Linear:
            if (l_.linear.inplace) return {params, c_number(l_.tokens), out(), c_number(output_buffer_size())};
            return {params, c_number(l_.tokens), in(), out()};
        case OpKind::Attention: {
            // q, k and v interleaved in one token row of the qkv projection.
            const int64_t q = offset(l_.inputs.at(0));
            const int32_t d = plan_.model.embed_dim;
            return {params, input_at(q), input_at(q + d), input_at(q + 2 * d), out()};
        }
        case OpKind::Residual: return {params, in(), in(1), out(), c_number(output_tensor_size())};
        case OpKind::Gelu: return {params, in(), out(), c_number(output_tensor_size())};
        case OpKind::MeanPool: return {params, in(), out()};
        case OpKind::Classifier: return {params, in(), out(), "&mcuprof_model_top_class"};
    }
    return {};
}

// "st = KERNEL(arguments);", after the scratch buffer's declaration when the
// layer has one (the kernel then takes it last).
void LayerStatements::emit_kernel_call(const std::string& kernel, std::vector<std::string> arguments) {
    auto it = std::back_inserter(out_);
    if (l_.scratch >= 0) {
        fmt::format_to(it, "        const vit_scratch sc = {{a + {}, {}}};\n", offset(l_.scratch),
                       plan_.graph.tensors[size_t(l_.scratch)].size);
        arguments.push_back("&sc");
    }
    fmt::format_to(it, "        st = {}({});\n", kernel, fmt::join(arguments, ", "));
}

void LayerStatements::emit() {
    auto it = std::back_inserter(out_);
    fmt::format_to(it, "\n    MCUPROF_MODEL_LAYER_BEGIN(\"{}\");\n    {{\n", l_.name);
    const std::string params = "&" + parameter_struct_name(l_);
    if (stages_subkernels(plan_, l_)) {
        emit_subkernel_loop(params);
    } else if (l_.op == OpKind::Input) {
        fmt::format_to(it, "        memcpy(a + {}, {}, {});\n        st = VIT_OK;\n", offset(l_.output),
                       table_array_name(l_), p_.table.size());
    } else {
        const std::string kernel_params = l_.staged >= 0 ? stage_weights() : params;
        emit_kernel_call(layer_kernel(plan_, l_), kernel_arguments(kernel_params));
    }
    fmt::format_to(it,
                   "    }}\n    MCUPROF_MODEL_LAYER_END();\n"
                   "    if (st != VIT_OK) return mcuprof_model_fail(\"{}\", st);\n",
                   l_.name);
}

}  // namespace

void emit_layer_statements(std::string& out, const Plan& plan, size_t layer, const LayerParams& params) {
    LayerStatements(out, plan, plan.graph.layers.at(layer), params).emit();
}

}  // namespace mcuprof::planner::codegen
