// Helpers for tests that plan and profile the bundled test model.
#pragma once

#include "paths_support.hpp"

#include "emulator/board/board_profile.hpp"
#include "tools/pipeline/profile_pipeline.hpp"
#include "tools/planner/plan.hpp"

#include <gtest/gtest.h>

#include <string>

namespace mcuprof::test {

inline planner::Plan plan_model(const std::string& model, const std::string& schedule,
                                const std::string& strategy = "greedy") {
    return planner::make_plan(planner::load_model_config(model), planner::parse_schedule(schedule),
                              *planner::make_strategy(strategy));
}

inline profile::ProfileOutcome profile_in(const planner::Plan& plan, const std::string& board, const std::string& tag,
                                          bool exact) {
    profile::ProfileOptions options;
    options.build.work_dir = std::string(MCUPROF_TEST_WORK_DIR) + "/" + tag + "-" + board;
    options.build.cache_dir = std::string(MCUPROF_TEST_WORK_DIR) + "/kernel-cache";
    options.exact = exact;
    return profile::profile_plan(plan, find_board(board), options);
}

// Index of a named tensor or layer of a plan's graph (a test failure if none).
inline int plan_tensor(const planner::Plan& p, const std::string& name) {
    for (size_t t = 0; t < p.graph.tensors.size(); ++t) {
        if (p.graph.tensors[t].name == name) return int(t);
    }
    ADD_FAILURE() << "no tensor " << name;
    return 0;
}

inline int plan_layer(const planner::Plan& p, const std::string& name) {
    for (size_t l = 0; l < p.graph.layers.size(); ++l) {
        if (p.graph.layers[l].name == name) return int(l);
    }
    ADD_FAILURE() << "no layer " << name;
    return 0;
}

}  // namespace mcuprof::test
