// `mcuprof plan`: the plan JSON, the refusal of a model that does not fit
// (exit 1, one line naming the peak layer and overshoot), bad input (exit 2).
#include "paths_support.hpp"
#include "process_support.hpp"
#include "scratch_dir_support.hpp"

#include <nlohmann/json.hpp>

#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>

namespace mcuprof::test {
namespace {

using PlanCli = ScratchDir;

void write(const std::string& path, const std::string& text) { std::ofstream(path) << text; }

TEST_F(PlanCli, WritesEveryTensorAndLayerToJson) {
    const std::string json = path("tiny-plan.json");
    const ProcessResult r =
        mcuprof("plan -q " + kTinyModel + " --board stm32f746 --schedule overwrite,patch=2 --json " + json);
    ASSERT_EQ(r.status, 0) << r.output;
    EXPECT_EQ(r.output, "");
    std::ifstream in(json);
    const nlohmann::json plan = nlohmann::json::parse(in);
    EXPECT_EQ(plan["schema"], "mcuprof.plan/1");
    EXPECT_EQ(plan["schedule"], "overwrite,patch=2");
    EXPECT_TRUE(plan["fit"]["fits"].get<bool>());
    ASSERT_EQ(plan["layers"].size(), 26u);
    EXPECT_EQ(plan["layers"][21]["name"], "block1.mlp.fc2");
    int64_t peak = 0;
    for (const auto& l : plan["layers"]) peak = std::max(peak, l["predicted_peak_bytes"].get<int64_t>());
    EXPECT_EQ(plan["peak"]["bytes"].get<int64_t>(), peak);
    for (const auto& t : plan["tensors"]) {
        EXPECT_LE(t["first_layer"].get<int>(), t["last_layer"].get<int>());
        EXPECT_EQ(t["offset"].get<int64_t>() % 4, 0);
    }
}

TEST_F(PlanCli, RefusesAModelThatDoesNotFit) {
    const std::string model = path("huge.yaml");
    write(model,
          "name: huge\nimage_size: 224\nchannels: 3\npatch_size: 16\nembed_dim: 192\ndepth: 1\nheads: 3\n"
          "mlp_ratio: 4\nclasses: 10\nseed: 1\n");
    const ProcessResult r = mcuprof("plan -q " + model + " --board stm32f427");
    EXPECT_EQ(r.status, 1);
    EXPECT_EQ(r.output,
              "mcuprof: model 'huge' (layerwise) does not fit stm32f427: layer block0.attn.residual peaks at 338688 "
              "bytes of arena, 151296 bytes over the budget of 187392 (196608 bytes of RAM block sram1 + sram2 + "
              "sram3 minus stack and static reserve)\n");
}

TEST_F(PlanCli, BadInputIsOneLineAndExitTwo) {
    const std::string model = path("bad.yaml");
    write(model,
          "name: bad\nimage_size: 16\nchannels: 3\npatch_size: 5\nembed_dim: 32\ndepth: 1\nheads: 2\n"
          "mlp_ratio: 2\nclasses: 10\nseed: 1\n");
    ProcessResult r = mcuprof("plan " + model + " --board stm32f746");
    EXPECT_EQ(r.status, 2);
    EXPECT_EQ(r.output, "mcuprof: error: " + model + ":4: patch_size: 5 does not divide image_size 16\n");
    r = mcuprof("plan " + kTinyModel + " --board stm32f746 --schedule overwrite,patch=3");
    EXPECT_EQ(r.status, 2);
    EXPECT_EQ(r.output,
              "mcuprof: error: schedule patch=3: the sub-kernel must divide the model's patch size 4 (choose one of "
              "its divisors)\n");
}

}  // namespace
}  // namespace mcuprof::test
