// The const data of one layer in the generated C: its parameter arrays and the
// kernel parameter struct "<id>_p" that points at them. Every operator with a
// weight matrix (patch embedding, linear, low-rank linear, classifier) is a
// list of quantized-linear parts, and each part's arrays and struct fields are
// written by one function; the layer's code (layer_statements.cpp) stages the
// same parts' weights, so the names it copies from are the names declared here.
#pragma once

#include "tools/model/model_graph.hpp"
#include "tools/model/model_weights.hpp"

#include <string>
#include <vector>

namespace mcuprof::planner::codegen {

// One weight matrix with its bias, multipliers and shifts: arrays "<base>_w",
// "<base>_b" (only with a bias), "<base>_m" and "<base>_s", whose pointers the
// parameter struct holds at `member` ("" in the struct itself, "v." and "u."
// for the two factors of a low-rank layer).
struct LinearPart {
    std::string base;
    std::string member;
    const LinearArrays& arrays;
};

// The quantized-linear parts of a layer, in declaration order (none for an
// operator without a weight matrix).
std::vector<LinearPart> linear_parts(const Layer& layer, const LayerParams& params);

// The C type of a layer's parameter struct ("" for the input, which has none)
// and the struct's name.
const char* parameter_struct_type(const Layer& layer);
std::string parameter_struct_name(const Layer& layer);
// The int8 weight array of a part, and the table of the input (the image) or
// the position embedding.
std::string weights_array_name(const LinearPart& part);
std::string table_array_name(const Layer& layer);

// Appends the layer's comment, arrays and parameter struct.
void emit_layer_parameters(std::string& out, const Layer& layer, const LayerParams& params);

}  // namespace mcuprof::planner::codegen
