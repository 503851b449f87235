#include "tools/model/model_config.hpp"

#include "emulator/files/input_file.hpp"
#include "emulator/text/error.hpp"
#include "tools/model/yaml_document.hpp"

extern "C" {
#include "vit/layernorm.h"
#include "vit/types.h"
}

#include <yaml-cpp/yaml.h>

#include <cmath>
#include <set>

namespace mcuprof::planner {
namespace {

constexpr int32_t kMaxDimension = 1 << 20;

struct Reader {
    const std::string& file;

    [[noreturn]] void error_at(const YAML::Node& node, const std::string& field, const std::string& reason) const {
        if (node && node.Mark().line >= 0) fail("{}:{}: {}: {}", file, node.Mark().line + 1, field, reason);
        fail("{}: {}: {}", file, field, reason);
    }

    YAML::Node required(const YAML::Node& root, const std::string& field) const {
        YAML::Node n = root[field];
        if (!n) fail("{}: {}: missing (required field)", file, field);
        return n;
    }

    int64_t integer(const YAML::Node& n, const std::string& field, int64_t lo, int64_t hi) const {
        if (!n.IsScalar()) error_at(n, field, "must be an integer");
        int64_t v = 0;
        try {
            v = n.as<int64_t>();
        } catch (const YAML::Exception&) {
            error_at(n, field, fmt::format("'{}' is not an integer", n.Scalar()));
        }
        if (v < lo || v > hi) error_at(n, field, fmt::format("{} is out of range [{}, {}]", v, lo, hi));
        return v;
    }

    double real(const YAML::Node& n, const std::string& field, double lo, double hi) const {
        if (!n.IsScalar()) error_at(n, field, "must be a number");
        double v = 0;
        try {
            v = n.as<double>();
        } catch (const YAML::Exception&) {
            error_at(n, field, fmt::format("'{}' is not a number", n.Scalar()));
        }
        if (!std::isfinite(v) || v < lo || v > hi) error_at(n, field, fmt::format("{} is out of range [{}, {}]", v, lo, hi));
        return v;
    }
};

const std::set<std::string>& known_fields() {
    static const std::set<std::string> fields = {"name",  "image_size", "channels",     "patch_size",
                                                 "embed_dim", "depth",  "heads",        "mlp_ratio",
                                                 "lowrank_ratio", "classes", "seed"};
    return fields;
}

}  // namespace

int32_t ModelConfig::hidden_dim(int block) const {
    return static_cast<int32_t>(std::lround(mlp_ratio.at(static_cast<size_t>(block)) * embed_dim));
}

int32_t ModelConfig::mlp_rank(int32_t in_dim, int32_t out_dim) const {
    if (lowrank_ratio >= 1.0) return 0;
    const auto r = static_cast<int32_t>(std::lround(lowrank_ratio * std::min(in_dim, out_dim)));
    return std::max<int32_t>(1, r);
}

ModelConfig parse_model_config(const std::string& yaml_text, const std::string& source_name) {
    const Reader rd{source_name};
    const YAML::Node root = load_yaml_document(yaml_text, source_name);
    if (!root.IsMap()) fail("{}: a model config must be a YAML mapping of fields", source_name);
    for (const auto& kv : root) {
        // A complex key (`? [a, b]`, a mapping) is no field name.
        if (!kv.first.IsScalar()) rd.error_at(kv.first, "(key)", "field names must be plain words");
        const std::string key = kv.first.Scalar();
        if (known_fields().count(key) == 0) {
            rd.error_at(kv.first, key,
                        "unknown field (known: name, image_size, channels, patch_size, embed_dim, depth, heads, "
                        "mlp_ratio, lowrank_ratio, classes, seed)");
        }
    }
    ModelConfig c;
    c.source_path = source_name;
    const YAML::Node name = rd.required(root, "name");
    if (!name.IsScalar() || name.Scalar().empty()) rd.error_at(name, "name", "must be a non-empty string");
    c.name = name.Scalar();
    for (char ch : c.name) {
        if (!std::isalnum(static_cast<unsigned char>(ch)) && ch != '_' && ch != '-') {
            rd.error_at(name, "name", fmt::format("'{}' may only hold letters, digits, '_' and '-'", c.name));
        }
    }
    c.image_size = int32_t(rd.integer(rd.required(root, "image_size"), "image_size", 1, kMaxDimension));
    c.channels = int32_t(rd.integer(rd.required(root, "channels"), "channels", 1, 4096));
    c.patch_size = int32_t(rd.integer(rd.required(root, "patch_size"), "patch_size", 1, kMaxDimension));
    c.embed_dim = int32_t(rd.integer(rd.required(root, "embed_dim"), "embed_dim", 1, VIT_LAYERNORM_MAX_DIM));
    c.depth = int32_t(rd.integer(rd.required(root, "depth"), "depth", 1, 256));
    c.heads = int32_t(rd.integer(rd.required(root, "heads"), "heads", 1, 1024));
    c.classes = int32_t(rd.integer(rd.required(root, "classes"), "classes", 1, 100000));
    c.seed = uint32_t(rd.integer(rd.required(root, "seed"), "seed", 0, UINT32_MAX));
    if (YAML::Node lr = root["lowrank_ratio"]) c.lowrank_ratio = rd.real(lr, "lowrank_ratio", 1e-9, 1.0);

    const YAML::Node mlp = rd.required(root, "mlp_ratio");
    if (mlp.IsSequence()) {
        if (mlp.size() != size_t(c.depth)) {
            rd.error_at(mlp, "mlp_ratio", fmt::format("has {} values but depth is {} (give one per block, or one number)",
                                                      mlp.size(), c.depth));
        }
        for (size_t i = 0; i < mlp.size(); ++i) c.mlp_ratio.push_back(rd.real(mlp[i], fmt::format("mlp_ratio[{}]", i), 1e-6, 64.0));
    } else {
        c.mlp_ratio.assign(size_t(c.depth), rd.real(mlp, "mlp_ratio", 1e-6, 64.0));
    }

    // Relations between fields, reported at the field that has to change.
    if (c.image_size % c.patch_size != 0) {
        rd.error_at(root["patch_size"], "patch_size",
                    fmt::format("{} does not divide image_size {}", c.patch_size, c.image_size));
    }
    if (c.embed_dim % c.heads != 0) {
        rd.error_at(root["heads"], "heads", fmt::format("{} does not divide embed_dim {}", c.heads, c.embed_dim));
    }
    try {
        validate_model_config(c);
    } catch (const Error& e) {
        fail("{}: {}", source_name, e.what());
    }
    return c;
}

void validate_model_config(const ModelConfig& c) {
    if (c.image_size <= 0 || c.patch_size <= 0 || c.image_size % c.patch_size != 0) {
        fail("patch_size: {} does not divide image_size {}", c.patch_size, c.image_size);
    }
    if (c.heads <= 0 || c.embed_dim % c.heads != 0) fail("heads: {} does not divide embed_dim {}", c.heads, c.embed_dim);
    if (c.embed_dim > VIT_LAYERNORM_MAX_DIM) {
        fail("embed_dim: {} exceeds the LayerNorm kernel's limit of {}", c.embed_dim, VIT_LAYERNORM_MAX_DIM);
    }
    if (int64_t(c.patch_size) * c.patch_size * c.channels > VIT_MAX_DOT_LEN) {
        fail("patch_size: a {}x{}x{} patch is a dot product longer than the kernels' limit of {}", c.patch_size,
             c.patch_size, c.channels, VIT_MAX_DOT_LEN);
    }
    if (c.tokens() > VIT_MAX_TOKENS) {
        fail("patch_size: {} tokens exceed the attention kernel's limit of {}", c.tokens(), VIT_MAX_TOKENS);
    }
    if (c.mlp_ratio.size() != size_t(c.depth)) fail("mlp_ratio: {} values for depth {}", c.mlp_ratio.size(), c.depth);
    for (int b = 0; b < c.depth; ++b) {
        const int32_t h = c.hidden_dim(b);
        if (h < 1 || h > VIT_MAX_DOT_LEN) {
            fail("mlp_ratio: block {} gives a hidden dimension of {} (must be 1..{})", b, h, VIT_MAX_DOT_LEN);
        }
    }
    if (c.lowrank_ratio <= 0 || c.lowrank_ratio > 1) fail("lowrank_ratio: {} must be in (0, 1]", c.lowrank_ratio);
}

ModelConfig load_model_config(const std::string& path) {
    return parse_model_config(read_input_file(path, kModelConfigInput), path);
}

}  // namespace mcuprof::planner
