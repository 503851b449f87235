// Exact mode (--exact): it must agree with the fast mode on everything both
// measure, and catch what only it can see (never-written reads, a budget
// overrun inside the last mapped 1 KB page).
#include "file_support.hpp"
#include "run_support.hpp"

#include "emulator/elf/elf_image.hpp"

#include <gtest/gtest.h>

#include <algorithm>

namespace mcuprof::test {
namespace {

const std::string kSource = std::string(MCUPROF_SOURCE_DIR) + "/firmware/tests/exact/main.c";

struct Pair {
    std::string board;
    std::string elf;
};

std::ostream& operator<<(std::ostream& os, const Pair& p) { return os << p.elf; }

class FastAndExact : public ::testing::TestWithParam<Pair> {};

// Both modes run the same instructions; the exact mode's per-layer stack and
// SRAM peaks equal the fast mode's, and over the whole run the bytes the fast
// scan saw as touched are exactly those written minus those that hold their
// paint value again (the fast mode's documented blind spot).
TEST_P(FastAndExact, AgreeOnEverythingBothMeasure) {
    const Pair& p = GetParam();
    const RunResult fast = run(p.board, p.elf);
    RunOptions options;
    options.exact = true;
    const RunResult exact = run(p.board, p.elf, options);
    ASSERT_TRUE(exact.report.exact.has_value());
    EXPECT_FALSE(fast.report.exact.has_value());
    const ExactReport& e = *exact.report.exact;

    EXPECT_EQ(fast.out, exact.out);
    EXPECT_EQ(fast.report.exit.reason, exact.report.exit.reason);
    EXPECT_EQ(fast.report.instructions, exact.report.instructions);
    EXPECT_EQ(fast.report.cycles, exact.report.cycles);
    ASSERT_EQ(fast.report.layers.size(), e.layers.size());
    for (size_t i = 0; i < e.layers.size(); ++i) {
        const LayerReport& f = fast.report.layers[i];
        SCOPED_TRACE(f.name);
        EXPECT_EQ(f.name, e.layers[i].name);
        EXPECT_EQ(f.stack_peak_bytes, e.layers[i].stack_peak_bytes);
        // Equal unless bytes written with their paint value hide from the scan.
        EXPECT_LE(f.sram_peak_bytes, e.layers[i].sram_peak_bytes);
        EXPECT_LE(e.layers[i].sram_peak_bytes - f.sram_peak_bytes, e.written_outside_stack_holding_paint);
    }
    EXPECT_EQ(fast.report.memory.stack_peak_bytes, e.stack_peak_bytes);
    const uint64_t fast_touched = fast.report.memory.sram_peak_bytes - fast.report.memory.stack_peak_bytes;
    EXPECT_EQ(fast_touched, e.written_outside_stack - e.written_outside_stack_holding_paint);
}

INSTANTIATE_TEST_SUITE_P(Firmware, FastAndExact,
                         ::testing::Values(Pair{"stm32f427", "microbench_stm32f427"},
                                           Pair{"stm32f746", "microbench_stm32f746"},
                                           Pair{"stm32f427", "exact_stm32f427"},
                                           Pair{"stm32f746", "exact_stm32f746"},
                                           Pair{"stm32f746", "kernels-testvec-stm32f746"}),
                         [](const auto& info) {
                             std::string name = info.param.elf;
                             std::replace(name.begin(), name.end(), '-', '_');
                             return name;
                         });

TEST(ExactMode, FootprintOfAKnownLayerToTheByte) {
    RunOptions options;
    options.exact = true;
    const RunResult r = run("stm32f746", "exact_stm32f746", options);
    ASSERT_TRUE(r.report.exact.has_value());
    const ExactLayerFootprint& fill = r.report.exact->layers.at(0);
    ASSERT_EQ(fill.name, "fill");
    // fill() writes the 300-byte buffer and nothing else outside its frame.
    const auto buffer = ElfImage::load(firmware("exact_stm32f746")).symbol("buffer");
    ASSERT_TRUE(buffer.has_value());
    // (The marker call's return also reads a few stack bytes, above the buffer.)
    EXPECT_EQ(fill.bytes_written, 300u);
    EXPECT_EQ(fill.lowest.value_or(0), *buffer);
    EXPECT_EQ(fill.uninitialised_read_bytes, 0u);
}

TEST(ExactMode, ReadOfNeverWrittenMemoryIsFoundAndAttributed) {
    RunOptions options;
    options.exact = true;
    const RunResult r = run("stm32f427", "exact_stm32f427", options);
    ASSERT_TRUE(r.report.exact.has_value());
    const ExactReport& e = *r.report.exact;
    EXPECT_EQ(e.uninitialised_reads, 4u);  // one 4-byte load
    ASSERT_EQ(e.findings.size(), 1u);
    const ExactFinding& f = e.findings[0];
    EXPECT_EQ(f.kind, "uninitialised-read");
    const auto end = ElfImage::load(firmware("exact_stm32f427")).symbol("end");
    ASSERT_TRUE(end.has_value());
    EXPECT_EQ(f.address, ((*end + 64) & ~3u));
    EXPECT_EQ(f.function, "read_uninitialised");
    EXPECT_EQ(f.line, marked_line(kSource, "UNINITIALISED READ"));
    EXPECT_EQ(f.layer.value_or(""), "uninitialised");
    EXPECT_EQ(e.layers.at(1).uninitialised_read_bytes, 4u);
    // The fast mode cannot see it and reports nothing.
    EXPECT_EQ(r.report.exit.reason, "exit");
}

TEST(ExactMode, BudgetIsEnforcedToTheByte) {
    RunOptions options;
    options.sram_budget = 16484;  // 16 KB + 100: not a whole page
    const RunResult fast = run("stm32f746", "exact_beyond_stm32f746", options);
    EXPECT_EQ(fast.report.exit.reason, "exit");  // the store lies inside the last mapped page
    EXPECT_TRUE(fast.report.violations.empty());

    options.exact = true;
    const RunResult exact = run("stm32f746", "exact_beyond_stm32f746", options);
    EXPECT_EQ(exact.report.exit.reason, "budget");
    ASSERT_EQ(exact.report.violations.size(), 1u);
    const Violation& v = exact.report.violations[0];
    EXPECT_EQ(v.kind, "sram-budget");
    EXPECT_EQ(v.address, 0x20004068u);
    EXPECT_EQ(v.size, 1u);
    EXPECT_EQ(v.access, "write");
    EXPECT_EQ(v.function, "main");
    EXPECT_EQ(v.line, marked_line(kSource, "BEYOND BUDGET"));
    EXPECT_EQ(v.layer.value_or(""), "beyond");
    EXPECT_EQ(exact.out, "");  // stopped before "done"
}

// A fault only exact mode sees, planted in `elf` (on the F746): the default
// mode runs through; exact mode stops with this one violation, before the
// program's last output.
Violation seen_by_exact_mode_only(const std::string& elf, const std::string& reason) {
    const RunResult fast = run("stm32f746", elf, RunOptions{});
    EXPECT_EQ(fast.report.exit.reason, "exit");
    EXPECT_TRUE(fast.report.violations.empty());
    RunOptions options;
    options.exact = true;
    const RunResult exact = run("stm32f746", elf, options);
    EXPECT_EQ(exact.report.exit.reason, reason);
    EXPECT_EQ(exact.out, "");
    EXPECT_EQ(exact.report.violations.size(), 1u);
    return exact.report.violations.empty() ? Violation{} : exact.report.violations[0];
}

// An LDRD whose base the instruction before it made unaligned: the default
// mode checks bases only as a block starts and lets it run (Unicorn does not
// fault); exact mode sees the access and stops at the LDRD.
TEST(ExactMode, UnalignedMultiWordAccessFaultsAtTheInstruction) {
    const Violation v = seen_by_exact_mode_only("exact_unaligned_stm32f746", "fault");
    EXPECT_EQ(v.kind, "unaligned");
    const auto words = ElfImage::load(firmware("exact_unaligned_stm32f746")).symbol("words");
    ASSERT_TRUE(words.has_value());
    EXPECT_EQ(v.address, *words + 2);
    EXPECT_EQ(v.access, "read");
    EXPECT_EQ(v.function, "unaligned_ldrd");
    EXPECT_EQ(v.line, marked_line(kSource, "UNALIGNED LDRD"));
    EXPECT_EQ(v.layer.value_or(""), "unaligned");

    // Plain word loads at unaligned addresses are allowed: the kernels' test
    // vectors make thousands (int8 rows read four at a time) and run through.
    RunOptions options;
    options.exact = true;
    const RunResult plain = run("stm32f746", "kernels-testvec-stm32f746", options);
    EXPECT_EQ(plain.report.exit.reason, "exit");
    EXPECT_TRUE(plain.report.violations.empty());
}

// A frame sized at run time past the stack limit, stored to and released
// within one block: SP is back above the limit when the block ends, so the
// default mode sees nothing; exact mode stops at the store.
TEST(ExactMode, StackStoreBelowTheLimitWithinOneBlockIsAnOverflow) {
    const Violation v = seen_by_exact_mode_only("exact_vla_stm32f746", "budget");
    EXPECT_EQ(v.kind, "stack-overflow");
    const auto limit = ElfImage::load(firmware("exact_vla_stm32f746")).symbol("__StackLimit");
    ASSERT_TRUE(limit.has_value());
    EXPECT_LT(v.address, *limit);
    EXPECT_GE(v.address, *limit - 12 * 1024);
    EXPECT_EQ(v.access, "write");
    EXPECT_EQ(v.function, "one_block_frame");
    EXPECT_EQ(v.line, marked_line(kSource, "STACK STORE"));
    EXPECT_EQ(v.layer.value_or(""), "vla");
}

// Replaying chosen layers from snapshots gives the same per-layer footprints
// as a whole-run exact mode, prints nothing twice, and leaves the default
// run's figures alone.
TEST(ExactReplay, ChosenLayersMatchTheWholeRunExactMode) {
    for (const std::string board : {"stm32f427", "stm32f746"}) {
        SCOPED_TRACE(board);
        const std::string elf = "exact_" + board;
        RunOptions whole;
        whole.exact = true;
        const RunResult full = run(board, elf, whole);
        RunOptions chosen;
        // "timed" writes where CYCCNT points: the replay must see the run's clock.
        chosen.exact_layers = {"uninitialised", "fill", "timed"};
        const RunResult replay = run(board, elf, chosen);
        const RunResult plain = run(board, elf);

        EXPECT_EQ(replay.out, plain.out);
        EXPECT_EQ(replay.report.instructions, plain.report.instructions);
        EXPECT_EQ(replay.report.cycles, plain.report.cycles);
        ASSERT_TRUE(replay.report.exact.has_value());
        const ExactReport& r = *replay.report.exact;
        EXPECT_EQ(r.scope, "replay");
        ASSERT_EQ(r.layers.size(), 3u);  // in the order they ran
        for (const ExactLayerFootprint& layer : r.layers) {
            SCOPED_TRACE(layer.name);
            auto it = std::find_if(full.report.exact->layers.begin(), full.report.exact->layers.end(),
                                   [&](const ExactLayerFootprint& f) { return f.name == layer.name; });
            ASSERT_NE(it, full.report.exact->layers.end());
            EXPECT_EQ(layer.bytes_read, it->bytes_read);
            EXPECT_EQ(layer.bytes_written, it->bytes_written);
            EXPECT_EQ(layer.bytes_touched, it->bytes_touched);
            EXPECT_EQ(layer.lowest, it->lowest);
            EXPECT_EQ(layer.highest, it->highest);
            EXPECT_EQ(layer.stack_peak_bytes, it->stack_peak_bytes);
            EXPECT_EQ(layer.reads, it->reads);
            EXPECT_EQ(layer.writes, it->writes);
            EXPECT_EQ(layer.uninitialised_read_bytes, it->uninitialised_read_bytes);
        }
        ASSERT_EQ(r.findings.size(), 1u);
        EXPECT_EQ(r.findings[0].function, "read_uninitialised");
        EXPECT_EQ(r.findings[0].address, full.report.exact->findings.at(0).address);
    }
}

// A fault in a replayed layer ends that replay with a warning naming it; the
// default run (which did not see it) stays as it was.
TEST(ExactReplay, FaultsInAReplayedLayerAreWarnings) {
    const struct {
        std::string elf, layer, what;
    } cases[] = {{"exact_unaligned_stm32f746", "unaligned", "multi-word access not word aligned"},
                 {"exact_vla_stm32f746", "vla", "stack store below the stack limit"}};
    for (const auto& c : cases) {
        SCOPED_TRACE(c.elf);
        RunOptions options;
        options.exact_layers = {c.layer};
        const RunResult r = run("stm32f746", c.elf, options);
        EXPECT_EQ(r.report.exit.reason, "exit");
        EXPECT_TRUE(r.report.violations.empty());
        ASSERT_EQ(r.report.warnings.size(), 1u);
        EXPECT_EQ(r.report.warnings[0].rfind("exact replay of layer " + c.layer + " stopped: " + c.what + " at 0x", 0),
                  0u)
            << r.report.warnings[0];
    }
}

TEST(ExactReplay, UnknownLayerNameIsAWarning) {
    RunOptions options;
    options.exact_layers = {"no_such_layer"};
    const RunResult r = run("stm32f746", "exact_stm32f746", options);
    ASSERT_TRUE(r.report.exact.has_value());
    EXPECT_TRUE(r.report.exact->layers.empty());
    ASSERT_FALSE(r.report.warnings.empty());
    EXPECT_NE(r.report.warnings.back().find("no_such_layer"), std::string::npos);
}

}  // namespace
}  // namespace mcuprof::test
