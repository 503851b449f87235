// The broken-firmware catalogue (firmware/tests/traps): each image does one
// forbidden thing; the run must stop with the right violation kind, exit
// reason, address, and the pc, function, source line and layer of the
// offending statement (the line marked "TRAP LINE" in traps.c).
#include "file_support.hpp"
#include "run_support.hpp"

#include "emulator/elf/elf_image.hpp"
#include "emulator/run/poll_detector.hpp"

#include <gtest/gtest.h>


namespace mcuprof::test {
namespace {

// The line marked TRAP LINE in the function's definition.
int trap_line(const std::string& function) {
    return marked_line(std::string(MCUPROF_SOURCE_DIR) + "/firmware/tests/traps/traps.c", "TRAP LINE",
                       {" " + function + "(", "noinline"});
}

struct TrapCase {
    std::string trap;
    std::string board;
    std::string kind;
    std::string reason;
    std::string function;  // where pc must be
    int64_t address = -1;  // expected violation address, -1 = not checked
    uint64_t sram_budget = 0;
    uint64_t max_instructions = 0;
    bool tolerate_peripherals = false;
};

std::ostream& operator<<(std::ostream& os, const TrapCase& c) { return os << c.trap << "_" << c.board; }

class Traps : public ::testing::TestWithParam<TrapCase> {};

TEST_P(Traps, StopsWithAttributedViolation) {
    const TrapCase& c = GetParam();
    RunOptions options;
    options.sram_budget = c.sram_budget;
    if (c.max_instructions != 0) options.instruction_limit = c.max_instructions;
    if (c.tolerate_peripherals) options.trap_peripherals = false;
    const RunResult r = run(c.board, "trap_" + c.trap + "_" + c.board, options);
    const Report& report = r.report;
    EXPECT_EQ(report.exit.reason, c.reason);
    ASSERT_EQ(report.violations.size(), 1u);
    const Violation& v = report.violations[0];
    EXPECT_EQ(v.kind, c.kind) << v.detail;
    if (c.address >= 0) EXPECT_EQ(v.address, static_cast<uint32_t>(c.address)) << v.detail;
    EXPECT_EQ(v.function, c.function) << v.detail;
    EXPECT_EQ(v.layer.value_or(""), "trap");
    EXPECT_NE(v.file.find("traps.c"), std::string::npos) << v.file;
    EXPECT_EQ(v.line, trap_line(c.function)) << "pc " << std::hex << v.pc;
    EXPECT_FALSE(v.detail.empty());
    // The output before the trap came through; nothing after it ran.
    EXPECT_EQ(r.out, "before\n");
    // The report is complete: layer closed, functions and memory filled in.
    ASSERT_EQ(report.layers.size(), 1u);
    EXPECT_GT(report.instructions, 0u);
    EXPECT_FALSE(report.functions.empty());
    EXPECT_GT(report.memory.flash_bytes, 0u);
    // Static bytes are .data + .bss (the stack reservation is not static).
    const ElfImage image = ElfImage::load(firmware("trap_" + c.trap + "_" + c.board));
    EXPECT_EQ(report.memory.static_bytes, image.section(".data")->size + image.section(".bss")->size);
    EXPECT_GT(report.memory.stack_peak_bytes, 0u);
}

std::vector<TrapCase> cases() {
    std::vector<TrapCase> out;
    for (const std::string board : {"stm32f427", "stm32f746", "stm32h743"}) {
        out.push_back({"unmapped_read", board, "unmapped", "fault", "unmapped_read", 0x00F00000});
        out.push_back({"flash_write", board, "flash-write", "fault", "flash_write", 0x08000100});
        out.push_back({"sram_beyond_budget", board, "sram-budget", "budget", "sram_beyond_budget", 0x20008000,
                       16384});
        out.push_back({"jump_unmapped", board, "exec-unmapped", "fault", "jump_unmapped", 0x00F00000});
        out.push_back({"stack_overflow", board, "stack-overflow", "budget", "recurse"});
        out.push_back({"stack_overflow_variable", board, "stack-overflow", "budget", "variable_frame"});
        out.push_back({"undefined_instruction", board, "undefined-instruction", "fault", "undefined_instruction"});
        out.push_back({"runaway", board, "limit", "limit", "runaway", -1, 0, 100000});
        out.push_back({"spin", board, "hang", "limit", "spin"});
        out.push_back({"breakpoint", board, "bkpt", "fault", "breakpoint"});
        out.push_back({"supervisor_call", board, "svc", "fault", "supervisor_call"});
        out.push_back({"null_dereference", board, "null-pointer", "fault", "null_dereference", 8});
        out.push_back({"unaligned_ldm", board, "unaligned", "fault", "unaligned_ldm"});
        out.push_back({"divide_by_zero_trapped", board, "divide-by-zero", "fault", "divide"});
        // The violation is attributed to the jump; its address is checked below.
        out.push_back({"jump_uninitialised_ram", board, "exec-uninitialised", "fault", "jump_uninitialised_ram"});
        // GPIOA->IDR (nothing models it), polled for a pin that tolerated reads never set.
        out.push_back({"peripheral_poll", board, "peripheral-poll", "limit", "peripheral_poll",
                       board == "stm32h743" ? 0x58020010 : 0x40020010, 0, 0, true});
    }
    // CCM on the STM32F427 is data-only memory.
    out.push_back({"jump_data_only", "stm32f427", "exec-non-executable", "fault", "jump_data_only", 0x10000000});
    // On the H743 the DTCM lies outside the default budget (AXI SRAM).
    out.push_back({"jump_data_only", "stm32h743", "sram-budget", "budget", "jump_data_only", 0x20000000});
    return out;
}

// With CCR.DIV_0_TRP clear a division by zero is no fault: the quotient is 0.
TEST(TrapsNotTaken, DivideByZeroWithoutTheTrapYieldsZero) {
    for (const std::string board : {"stm32f427", "stm32f746"}) {
        const RunResult r = run(board, "trap_divide_by_zero_untrapped_" + board, RunOptions{});
        EXPECT_EQ(r.report.exit.reason, "exit") << board;
        EXPECT_TRUE(r.report.violations.empty()) << board;
        EXPECT_EQ(r.out, "before\nquotient 0\nafter\n") << board;
    }
}

// The wait is seen after PollDetector::kRepeats reads, long before the
// instruction limit; a loop that reads the register as often but counts is
// no wait, and the trap policy stops at the first read instead.
TEST(TrapsDetail, PeripheralPollStopsEarlyAndCountingLoopsRunThrough) {
    for (const std::string board : {"stm32f427", "stm32h743"}) {
        RunOptions tolerant;
        tolerant.trap_peripherals = false;
        const RunResult poll = run(board, "trap_peripheral_poll_" + board, tolerant);
        // The first pass through the loop comes from another state.
        EXPECT_GE(poll.report.peripheral_accesses, PollDetector::kRepeats) << board;
        EXPECT_LE(poll.report.peripheral_accesses, PollDetector::kRepeats + 1) << board;
        EXPECT_LT(poll.report.instructions, 20u * PollDetector::kRepeats) << board;

        const RunResult reads = run(board, "trap_peripheral_reads_" + board, tolerant);
        EXPECT_EQ(reads.report.exit.reason, "exit") << board;
        EXPECT_TRUE(reads.report.violations.empty()) << board;
        EXPECT_EQ(reads.out, "before\nreads 0\nafter\n") << board;
        EXPECT_EQ(reads.report.peripheral_accesses, 50000u) << board;

        const RunResult trapped = run(board, "trap_peripheral_poll_" + board, RunOptions{});
        ASSERT_EQ(trapped.report.violations.size(), 1u) << board;
        EXPECT_EQ(trapped.report.violations[0].kind, "peripheral") << board;
        EXPECT_EQ(trapped.report.peripheral_accesses, 1u) << board;
    }
}

// The target of the jump into never-written RAM is the heap start + 256.
TEST(TrapsDetail, UninitialisedJumpTargetIsTheAddressJumpedTo) {
    for (const std::string board : {"stm32f427", "stm32h743"}) {
        const std::string name = "trap_jump_uninitialised_ram_" + board;
        const RunResult r = run(board, name, RunOptions{});
        ASSERT_EQ(r.report.violations.size(), 1u);
        const auto end = ElfImage::load(firmware(name)).symbol("end");
        ASSERT_TRUE(end.has_value());
        EXPECT_EQ(r.report.violations[0].address, *end + 256) << board;
        EXPECT_EQ(r.report.violations[0].access, "fetch");
    }
}

// The null guard is what makes the F746's ITCM RAM at 0 fault; without it
// the read succeeds (when the budget maps the ITCM), as on the silicon.
TEST(TrapsDetail, NullGuardZeroMapsTheMemoryAtAddressZero) {
    RunOptions options;
    options.null_guard = 0;
    options.sram_budget = 348160;  // all of the F746's RAM, ITCM included
    const RunResult r = run("stm32f746", "trap_null_dereference_stm32f746", options);
    EXPECT_EQ(r.report.exit.reason, "exit");
    EXPECT_TRUE(r.report.violations.empty());
}

INSTANTIATE_TEST_SUITE_P(Catalogue, Traps, ::testing::ValuesIn(cases()), [](const auto& info) {
    std::string name = info.param.trap + "_" + info.param.board;
    return name;
});

}  // namespace
}  // namespace mcuprof::test
