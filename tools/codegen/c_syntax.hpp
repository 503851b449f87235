// The pieces of C the generator writes for a model's parameters, each spelled
// in one place: identifiers made from layer names, `static const` int8/int32
// arrays, and `static const` parameter structs with designated initializers.
// Every operator's parameter block (layer_parameters.cpp) is made of these, so
// the generated file has one layout for each kind of declaration.
#pragma once

#include <fmt/format.h>

#include <cstdint>
#include <iterator>
#include <string>
#include <string_view>
#include <vector>

namespace mcuprof::planner::codegen {

// A layer name as a C identifier: "block3.mlp.fc1" -> "block3_mlp_fc1".
std::string c_identifier(const std::string& layer_name);

// "static const TYPE NAME[N] = {" then the values, 16 a line, then "};".
template <typename T>
void emit_const_array(std::string& out, std::string_view type, const std::string& name, const std::vector<T>& values) {
    auto it = std::back_inserter(out);
    fmt::format_to(it, "static const {} {}[{}] = {{", type, name, values.size());
    for (size_t i = 0; i < values.size(); ++i) {
        if (i % 16 == 0) out += "\n   ";
        fmt::format_to(it, " {},", int64_t(values[i]));
    }
    out += "\n};\n";
}

// A field of a C designated initializer: ".name = value".
struct Field {
    std::string_view name;
    std::string value;
};

// A parameter value as C source (int8_t fields print as numbers, not characters).
template <typename T>
std::string c_number(T value) {
    return fmt::format("{}", +value);
}

// "{.a = 1, .b = x_w}"
std::string designated(const std::vector<Field>& fields);

// "static const TYPE NAME = {...};"
void emit_const_struct(std::string& out, std::string_view type, const std::string& name,
                       const std::vector<Field>& fields);

}  // namespace mcuprof::planner::codegen
