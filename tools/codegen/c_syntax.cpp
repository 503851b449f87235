#include "tools/codegen/c_syntax.hpp"

#include <cctype>
#include <iterator>

namespace mcuprof::planner::codegen {

std::string c_identifier(const std::string& layer_name) {
    std::string s = layer_name;
    for (char& c : s) {
        if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
    }
    return s;
}

std::string designated(const std::vector<Field>& fields) {
    std::string s = "{";
    for (const Field& f : fields) {
        fmt::format_to(std::back_inserter(s), "{}.{} = {}", s.size() > 1 ? ", " : "", f.name, f.value);
    }
    return s + "}";
}

void emit_const_struct(std::string& out, std::string_view type, const std::string& name,
                       const std::vector<Field>& fields) {
    fmt::format_to(std::back_inserter(out), "static const {} {} = {};\n", type, name, designated(fields));
}

}  // namespace mcuprof::planner::codegen
