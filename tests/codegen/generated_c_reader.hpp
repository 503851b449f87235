// The generated C read back for the codegen tests: its int8/int32 arrays with
// their values, its parameter structs' fields, and the code between each pair
// of layer markers. A line-by-line reader of the layout the generator writes
// (one declaration a line, array values 16 a line), not a C parser.
#pragma once

#include <gtest/gtest.h>

#include <cstdint>
#include <map>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

namespace mcuprof::codegen_test {

// An array declared in the generated source, as parsed back.
struct CArray {
    std::string qualifiers;  // "static const " for parameters in flash
    std::string type;
    size_t declared = 0;
    std::vector<int64_t> values;
};

inline std::map<std::string, CArray> parse_arrays(const std::string& source) {
    static const std::regex head(R"(((?:\w+ )*)(u?int(?:8|32)_t) (\w+)\[(\d+)\] = \{)");
    std::map<std::string, CArray> arrays;
    std::istringstream lines(source);
    std::string line;
    while (std::getline(lines, line)) {
        std::smatch m;
        if (!std::regex_match(line, m, head)) continue;
        EXPECT_EQ(arrays.count(m[3].str()), 0u) << "declared twice: " << m[3].str();
        CArray& a = arrays[m[3].str()];
        a.qualifiers = m[1].str();
        a.type = m[2].str();
        a.declared = std::stoul(m[4].str());
        while (std::getline(lines, line) && line != "};") {
            std::istringstream values(line);
            int64_t v = 0;
            char comma = 0;
            while (values >> v >> comma) {
                EXPECT_EQ(comma, ',') << line;
                a.values.push_back(v);
            }
        }
    }
    return arrays;
}

// "static const TYPE NAME = {...};" -> NAME: {TYPE, {"field" or "v.field": value}}.
struct CStruct {
    std::string type;
    std::map<std::string, std::string> fields;
};

// Reads the designated initializer starting at init[at] ('{') into `out`,
// nested initializers with their field's name as a prefix ("v.in_dim").
inline void parse_fields(const std::string& init, size_t& at, const std::string& prefix,
                         std::map<std::string, std::string>& out) {
    ++at;  // '{'
    while (at < init.size() && init[at] != '}') {
        if (init.compare(at, 2, ", ") == 0) at += 2;
        const size_t eq = init.find(" = ", at);
        const std::string name = prefix + init.substr(at + 1, eq - at - 1);  // after '.'
        at = eq + 3;
        if (init[at] == '{') {
            parse_fields(init, at, name + ".", out);
        } else {
            const size_t end = init.find_first_of(",}", at);
            out[name] = init.substr(at, end - at);
            at = end;
        }
    }
    ++at;  // '}'
}

inline std::map<std::string, CStruct> parse_structs(const std::string& source) {
    static const std::regex decl(R"(static const (vit_\w+_params) (\w+) = (\{.*\});)");
    std::map<std::string, CStruct> structs;
    std::istringstream lines(source);
    std::string line;
    while (std::getline(lines, line)) {
        std::smatch m;
        if (!std::regex_match(line, m, decl)) continue;
        CStruct& s = structs[m[2].str()];
        s.type = m[1].str();
        size_t at = 0;
        parse_fields(m[3].str(), at, "", s.fields);
    }
    return structs;
}

// The statements between a layer's begin and end markers, in order.
struct LayerBlock {
    std::string name;
    std::string code;
};

inline std::vector<LayerBlock> layer_blocks(const std::string& source) {
    static const std::string begin = "MCUPROF_MODEL_LAYER_BEGIN(\"";
    static const std::string end = "MCUPROF_MODEL_LAYER_END();";
    std::vector<LayerBlock> blocks;
    for (size_t at = source.find(begin); at != std::string::npos; at = source.find(begin, at)) {
        const size_t name_end = source.find('"', at + begin.size());
        const size_t block_end = source.find(end, name_end);
        EXPECT_NE(block_end, std::string::npos);
        if (block_end == std::string::npos) break;
        blocks.push_back({source.substr(at + begin.size(), name_end - at - begin.size()),
                          source.substr(name_end, block_end - name_end)});
        EXPECT_EQ(blocks.back().code.find(begin), std::string::npos) << "nested markers in " << blocks.back().name;
        at = block_end;
    }
    return blocks;
}

// How many times `needle` occurs in `text`.
inline size_t count(const std::string& text, const std::string& needle) {
    size_t n = 0;
    for (size_t at = text.find(needle); at != std::string::npos; at = text.find(needle, at + 1)) ++n;
    return n;
}

}  // namespace mcuprof::codegen_test
