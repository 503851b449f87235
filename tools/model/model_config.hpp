// A vision-transformer model config (YAML), in the style of the AutoFormer /
// MCUFormer search spaces: image and patch size, embedding dimension, depth,
// heads, MLP ratio (one value or one per block), low-rank ratio of the MLP
// layers, classes and the seed of the deterministic weights.
//
//   name: tiny
//   image_size: 16        # square H = W
//   channels: 3
//   patch_size: 4         # must divide image_size
//   embed_dim: 32
//   depth: 2
//   heads: 2              # must divide embed_dim
//   mlp_ratio: 2.0        # or [2.0, 3.0], one per block
//   lowrank_ratio: 0.5    # (0, 1]; 1 = full-rank MLP layers
//   classes: 10
//   seed: 1
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace mcuprof::planner {

struct ModelConfig {
    std::string name;
    std::string source_path;  // the YAML file it came from ("" for built in code)
    int32_t image_size = 0;
    int32_t channels = 0;
    int32_t patch_size = 0;
    int32_t embed_dim = 0;
    int32_t depth = 0;
    int32_t heads = 0;
    std::vector<double> mlp_ratio;  // one per block (a scalar is repeated)
    double lowrank_ratio = 1.0;     // rank = round(ratio * min(in, out)) for MLP layers; 1 = full rank
    int32_t classes = 0;
    uint32_t seed = 0;

    int32_t grid() const { return image_size / patch_size; }
    int32_t tokens() const { return grid() * grid(); }
    int32_t head_dim() const { return embed_dim / heads; }
    int32_t hidden_dim(int block) const;
    // Rank of a low-rank MLP layer in -> out, or 0 when the layer is full rank.
    int32_t mlp_rank(int32_t in_dim, int32_t out_dim) const;
};

// Parses and validates a config. Throws Error "<file>:<line>: <field>: <reason>"
// for unreadable YAML, unknown or missing fields, and inconsistent values.
ModelConfig load_model_config(const std::string& path);
ModelConfig parse_model_config(const std::string& yaml_text, const std::string& source_name);

// Checks the relations between fields (also used for configs built in code).
void validate_model_config(const ModelConfig& config);

}  // namespace mcuprof::planner
