// The kernel object cache of build_model_firmware: a second build with the
// same cache directory reuses the kernel objects instead of compiling them
// again (it did not: the newest-header time started at the file clock's
// epoch, later than every real file).
#include "emulator/board/board_profile.hpp"
#include "paths_support.hpp"
#include "scratch_dir_support.hpp"
#include "tools/codegen/codegen.hpp"
#include "tools/firmware_build/firmware_build.hpp"
#include "tools/model/model_weights.hpp"
#include "tools/planner/memory_planner.hpp"
#include "tools/planner/plan.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>

namespace mcuprof::test {
namespace {

namespace fs = std::filesystem;

using FirmwareBuildCache = ScratchDir;

TEST_F(FirmwareBuildCache, KernelObjectsAreReusedBySecondBuild) {
    const planner::Plan plan =
        planner::make_plan(planner::load_model_config(kTinyModel), planner::parse_schedule("overwrite"),
                           planner::GreedyBySizeStrategy());
    const fs::path source = dir_ / "model.c";
    std::ofstream(source) << planner::generate_model_c(plan, planner::generate_weights(plan.model, plan.graph));
    const BoardProfile board = find_board("stm32f427");

    auto build = [&](const std::string& work) {
        planner::FirmwareBuildOptions options;
        options.work_dir = (dir_ / work).string();
        options.cache_dir = (dir_ / "cache").string();
        return planner::build_model_firmware(board, source.string(), options);
    };
    auto objects = [](const std::string& kernel_dir) {
        std::map<std::string, fs::file_time_type> times;
        for (const auto& e : fs::directory_iterator(kernel_dir))
            if (e.path().extension() == ".o") times[e.path().filename().string()] = e.last_write_time();
        return times;
    };
    const planner::FirmwareBuild first = build("a");
    const auto before = objects(first.kernel_dir);
    ASSERT_FALSE(before.empty());
    const planner::FirmwareBuild second = build("b");
    EXPECT_EQ(second.kernel_dir, first.kernel_dir);
    EXPECT_EQ(objects(second.kernel_dir), before) << "kernel objects were compiled again";
    EXPECT_TRUE(fs::exists(second.elf));
}

}  // namespace
}  // namespace mcuprof::test
