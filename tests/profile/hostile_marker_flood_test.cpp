// A firmware emitting hundreds of thousands of layer markers (issue 12): the
// layer tracker folds runs while the firmware runs (layer_run_folder.hpp), so
// memory stays bounded however many markers come, and the report is the one
// fold_layer_runs gives on the whole list of runs.
#include "emulator/board/board_profile.hpp"
#include "emulator/core/machine.hpp"
#include "emulator/elf/elf_image.hpp"
#include "emulator/profile/layer_tracker.hpp"
#include "emulator/profile/memory_painter.hpp"
#include "emulator/profile/profiler.hpp"
#include "emulator/report/layer_folding.hpp"
#include "emulator/report/layer_run_folder.hpp"
#include "emulator/report/report_json.hpp"
#include "emulator/report/report_json_read.hpp"
#include "file_support.hpp"
#include "mcuprof/markers.h"
#include "paths_support.hpp"
#include "process_support.hpp"

#include <gtest/gtest.h>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <filesystem>

namespace mcuprof::test {
namespace {

namespace fs = std::filesystem;

// What firmware/tests/marker_flood/marker_flood.c emits.
constexpr uint64_t kFloodRuns = 150'000;
constexpr uint64_t kFloodNames = 150;

LayerReport run_number(uint64_t i) {
    LayerReport l;
    l.name = fmt::format("L{}", i % kFloodNames);
    l.instructions = 3 + i % 7;
    l.cycles = 5 + i % 11;
    l.start_cycle = i * 20;
    l.sram_peak_bytes = 100 + i % 13;
    l.stack_peak_bytes = 40 + i % 17;
    return l;
}

TEST(HostileMarkerFlood, OnlineFoldingStoresBoundedRowsAndMatchesTheWholeListFolded) {
    LayerRunFolder<LayerReport> online;
    Report whole;
    for (uint64_t i = 0; i < 300'000; ++i) {
        online.add(run_number(i));
        ASSERT_LE(online.stored_rows(), kLayerRunsKept + kFoldedNamesKept + 1) << "after run " << i;
        whole.layers.push_back(run_number(i));
    }
    fold_layer_runs(whole);
    Report folded;
    folded.layers = online.rows();
    EXPECT_EQ(report_to_json(folded)["layers"], report_to_json(whole)["layers"]);
    EXPECT_EQ(online.folded_runs(), 300'000u - kLayerRunsKept);
    // The runner folds the tracker's rows again for the warning: that changes no row.
    fold_layer_runs(folded);
    EXPECT_EQ(report_to_json(folded)["layers"], report_to_json(whole)["layers"]);
    EXPECT_EQ(folded.warnings, whole.warnings);
}

// The tracker itself, fed markers directly: its rows never grow past the cap
// while the markers keep coming.
TEST(HostileMarkerFlood, LayerTrackerRowsStayBoundedWhileMarkersCome) {
    Machine machine{find_board("stm32f746"), MachineOptions{}};
    const ElfImage image = ElfImage::load(firmware("hello-stm32f746"));
    Profiler profiler(machine, image, Profiler::Options{});
    MemoryPainter painter(machine);
    LayerTracker tracker(profiler, painter);
    const uint32_t event = MCUPROF_ITM_PORT_ADDRESS(MCUPROF_ITM_PORT_EVENT);
    constexpr uint64_t kRuns = 5 * kLayerRunsKept;  // each marker scans the RAM: few runs keep it fast
    for (uint64_t run = 0; run < kRuns; ++run) {
        for (char c : fmt::format("L{}", run % kFloodNames)) {
            tracker.on_itm_write(MCUPROF_ITM_PORT_NAME, static_cast<uint8_t>(c), 1, 0, 0);
        }
        tracker.on_itm_write(MCUPROF_ITM_PORT_EVENT, MCUPROF_EVENT_LAYER_BEGIN, 4, event, 0);
        tracker.on_itm_write(MCUPROF_ITM_PORT_EVENT, MCUPROF_EVENT_LAYER_END, 4, event, 0);
        if (run % 500 == 0) {
            ASSERT_LE(tracker.layers().size(), kLayerRunsKept + kFoldedNamesKept + 1) << "after run " << run;
        }
    }
    tracker.finish(profiler.position());
    uint64_t runs = 0;
    for (const LayerReport& l : tracker.layers()) runs += l.runs;
    EXPECT_EQ(runs, kRuns);
    EXPECT_EQ(tracker.layers().size(), kLayerRunsKept + kFoldedNamesKept + 1);
}

TEST(HostileMarkerFlood, RunReportOfAMarkerFloodIsSmallFoldedAndAddsUp) {
    const fs::path dir = fs::path(MCUPROF_TEST_WORK_DIR) / "marker-flood";
    fs::create_directories(dir);
    const fs::path json_path = dir / "flood.json";
    fs::remove(json_path);
    const ProcessResult r = run_command("timeout 60 " + mcuprof_command("run --board stm32f746 " +
                                                                        firmware("marker_flood") + " --quiet --json " +
                                                                        json_path.string()));
    ASSERT_EQ(r.status, 0) << r.output;
    const std::string text = slurp(json_path);
    EXPECT_LT(text.size(), 1'000'000u);
    const nlohmann::json j = nlohmann::json::parse(text);
    const Report report = report_from_json(j, json_path.string());
    ASSERT_EQ(j["layers"].size(), kLayerRunsKept + kFoldedNamesKept + 1);
    EXPECT_EQ(report.layers.back().name, kOtherLayersName);
    uint64_t runs = 0, instructions = report.outside_layers.instructions, cycles = report.outside_layers.cycles;
    for (const LayerReport& l : report.layers) {
        runs += l.runs;
        instructions += l.instructions;
        cycles += l.cycles;
    }
    EXPECT_EQ(runs, kFloodRuns);
    EXPECT_EQ(instructions, report.instructions);
    EXPECT_EQ(cycles, report.cycles);
    // 1000 runs per name; the kept runs 0..999 hold L0..L99 seven times and
    // L100..L149 six times. Folding starts at run 1000 (L100): L100..L149 and
    // L0..L49 get rows of their own, L50..L99 share the last one.
    EXPECT_EQ(report.layers[kLayerRunsKept].name, "L100");
    EXPECT_EQ(report.layers[kLayerRunsKept].runs, 994u);
    EXPECT_EQ(report.layers[kLayerRunsKept + 50].name, "L0");
    EXPECT_EQ(report.layers[kLayerRunsKept + 50].runs, 993u);
    EXPECT_EQ(report.layers.back().runs, 50u * 993u);
    const auto& warnings = j["warnings"];
    size_t notes = 0;
    for (const auto& w : warnings) notes += w.get<std::string>().find("were folded into") != std::string::npos;
    EXPECT_EQ(notes, 1u) << warnings.dump();
}

}  // namespace
}  // namespace mcuprof::test
