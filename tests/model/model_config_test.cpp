// Model configs: parsing, scalar and per-block MLP ratios, and one clear error
// line (file, line, field) for every kind of bad input.
#include "emulator/text/error.hpp"
#include "tools/model/model_config.hpp"

#include <gtest/gtest.h>

#include <string>

namespace mcuprof::planner {
namespace {

const std::string kValid = R"(name: t
image_size: 16
channels: 3
patch_size: 4
embed_dim: 32
depth: 2
heads: 2
mlp_ratio: 2.5
lowrank_ratio: 0.5
classes: 10
seed: 7
)";

std::string error_of(const std::string& text) {
    try {
        parse_model_config(text, "m.yaml");
    } catch (const Error& e) {
        return e.what();
    }
    return "";
}

std::string replace(std::string text, const std::string& from, const std::string& to) {
    const auto at = text.find(from);
    EXPECT_NE(at, std::string::npos) << from;
    return text.replace(at, from.size(), to);
}

TEST(ModelConfig, ParsesEveryField) {
    const ModelConfig c = parse_model_config(kValid, "m.yaml");
    EXPECT_EQ(c.name, "t");
    EXPECT_EQ(c.image_size, 16);
    EXPECT_EQ(c.channels, 3);
    EXPECT_EQ(c.tokens(), 16);
    EXPECT_EQ(c.head_dim(), 16);
    ASSERT_EQ(c.mlp_ratio.size(), 2u);
    EXPECT_EQ(c.hidden_dim(0), 80);
    EXPECT_EQ(c.hidden_dim(1), 80);
    EXPECT_EQ(c.mlp_rank(32, 80), 16);
    EXPECT_EQ(c.classes, 10);
    EXPECT_EQ(c.seed, 7u);
}

TEST(ModelConfig, PerBlockMlpRatioAndFullRankDefault) {
    std::string text = replace(kValid, "mlp_ratio: 2.5", "mlp_ratio: [2.0, 4.0]");
    text = replace(text, "lowrank_ratio: 0.5\n", "");
    const ModelConfig c = parse_model_config(text, "m.yaml");
    EXPECT_EQ(c.hidden_dim(0), 64);
    EXPECT_EQ(c.hidden_dim(1), 128);
    EXPECT_EQ(c.mlp_rank(32, 128), 0);
}

TEST(ModelConfig, PatchNotDividingImageNamesFileLineAndField) {
    EXPECT_EQ(error_of(replace(kValid, "patch_size: 4", "patch_size: 5")),
              "m.yaml:4: patch_size: 5 does not divide image_size 16");
}

TEST(ModelConfig, HeadsNotDividingDim) {
    EXPECT_EQ(error_of(replace(kValid, "heads: 2", "heads: 3")), "m.yaml:7: heads: 3 does not divide embed_dim 32");
}

TEST(ModelConfig, OtherErrorsAreOneLineWithTheField) {
    EXPECT_EQ(error_of(replace(kValid, "seed: 7", "seed: 7\nlearning_rate: 1")).rfind("m.yaml:12: learning_rate: unknown field", 0), 0u);
    EXPECT_EQ(error_of(replace(kValid, "classes: 10\n", "")), "m.yaml: classes: missing (required field)");
    EXPECT_EQ(error_of(replace(kValid, "mlp_ratio: 2.5", "mlp_ratio: [2.0]")),
              "m.yaml:8: mlp_ratio: has 1 values but depth is 2 (give one per block, or one number)");
    EXPECT_EQ(error_of(replace(kValid, "depth: 2", "depth: two")), "m.yaml:6: depth: 'two' is not an integer");
    EXPECT_EQ(error_of(replace(kValid, "lowrank_ratio: 0.5", "lowrank_ratio: 1.5")),
              "m.yaml:9: lowrank_ratio: 1.5 is out of range [1e-09, 1]");
    EXPECT_EQ(error_of(replace(kValid, "embed_dim: 32", "embed_dim: 2048")),
              "m.yaml:5: embed_dim: 2048 is out of range [1, 1024]");
    EXPECT_EQ(error_of("name: [unclosed").rfind("m.yaml:1: invalid YAML", 0), 0u);
    EXPECT_EQ(error_of("- a\n- b\n"), "m.yaml: a model config must be a YAML mapping of fields");
    for (const std::string& e : {error_of(replace(kValid, "heads: 2", "heads: 3")), error_of("x: [")}) {
        EXPECT_EQ(e.find('\n'), std::string::npos) << e;
    }
}

TEST(ModelConfig, TooManyTokensForTheAttentionKernel) {
    std::string text = replace(kValid, "image_size: 16", "image_size: 256");
    text = replace(text, "patch_size: 4", "patch_size: 2");
    EXPECT_EQ(error_of(text), "m.yaml: patch_size: 16384 tokens exceed the attention kernel's limit of 4096");
}

TEST(ModelConfig, MissingFileIsOneClearLine) {
    try {
        load_model_config("/nonexistent/model.yaml");
        FAIL();
    } catch (const Error& e) {
        EXPECT_STREQ(e.what(), "/nonexistent/model.yaml: cannot open the model config: No such file or directory; "
                               "check the path");
    }
}

}  // namespace
}  // namespace mcuprof::planner
