// Semihosting's other calls against a fake guest memory and console: refused
// host services, clocks, command line, heap information, exit, unhandled
// operations, configuration, captured output, and hostile callers.
#include "semihosting_fixture.hpp"

#include "emulator/text/error.hpp"

#include <iterator>
#include <random>

namespace mcuprof::testing_semihosting {
namespace {

// --- Refused host services ------------------------------------------------

TEST_F(SemihostingTest, HostServicesAreRefused) {
    memory.put(kBuf, std::string(32, '#'));
    EXPECT_EQ(call_block(SYS_TMPNAM, {kBuf, 1, 32}).r0, kMinusOne);
    EXPECT_EQ(guest_errno(), kEPERM);
    EXPECT_EQ(memory.get(kBuf, 32), std::string(32, '#'));

    memory.put(kName, std::string("rm -rf /\0", 9));
    EXPECT_EQ(call_block(SYS_SYSTEM, {kName, 8}).r0, kMinusOne);
    EXPECT_EQ(guest_errno(), kEPERM);

    memory.put(kName, std::string("a.txt\0", 6));
    EXPECT_EQ(call_block(SYS_REMOVE, {kName, 5}).r0, kMinusOne);
    EXPECT_EQ(guest_errno(), kENOENT);
    EXPECT_EQ(call_block(SYS_RENAME, {kName, 5, kName, 5}).r0, kMinusOne);
    EXPECT_EQ(guest_errno(), kENOENT);
}

// --- Clocks ---------------------------------------------------------------

TEST_F(SemihostingTest, ClockIsCentisecondsOfEmulatedTime) {
    EXPECT_EQ(call(SYS_CLOCK, 0).r0, 0u);
    cycles = kHz * 3 / 2;  // 1.5 s
    EXPECT_EQ(call(SYS_CLOCK, 0).r0, 150u);
    cycles = kHz / 100 - 1;  // just under one centisecond
    EXPECT_EQ(call(SYS_CLOCK, 0).r0, 0u);
}

TEST(SemihostingClock, NoOverflowAtExtremeCycleCounts) {
    FakeMemory memory;
    FakeConsole console;
    SemihostingConfig config;
    config.cycles = [] { return UINT64_MAX; };
    config.clock_hz = 1'000'000'007;
    Semihosting sh(memory, console, config);
    // floor((2^64 - 1) * 100 / 1000000007) mod 2^32, computed independently.
    EXPECT_EQ(sh.handle(SYS_CLOCK, 0).r0, 2133424474u);
    EXPECT_EQ(sh.handle(SYS_TICKFREQ, 0).r0, 1'000'000'007u);
}

TEST_F(SemihostingTest, TimeIsTheEpochPlusEmulatedSeconds) {
    EXPECT_EQ(call(SYS_TIME, 0).r0, kDefaultTimeEpoch);
    cycles = kHz * 5 / 2;
    EXPECT_EQ(call(SYS_TIME, 0).r0, kDefaultTimeEpoch + 2);
}

TEST_F(SemihostingTest, TimeEpochIsConfigurable) {
    config.time_epoch = 1000;
    cycles = kHz * 7;
    EXPECT_EQ(call(SYS_TIME, 0).r0, 1007u);
}

TEST_F(SemihostingTest, ElapsedAndTickfreqCountCycles) {
    cycles = 0x1'2345'6789'ABCDull;
    EXPECT_EQ(call(SYS_ELAPSED, kBuf).r0, 0u);
    EXPECT_EQ(memory.word(kBuf), 0x6789'ABCDu);
    EXPECT_EQ(memory.word(kBuf + 4), 0x1'2345u);
    EXPECT_EQ(call(SYS_TICKFREQ, 0).r0, uint32_t(kHz));

    EXPECT_EQ(call(SYS_ELAPSED, kFlash).r0, kMinusOne);
    EXPECT_EQ(guest_errno(), kEFAULT);
    EXPECT_EQ(call(SYS_ELAPSED, kRamEnd - 4).fault_address, kRamEnd);
}

// --- Command line and heap information -------------------------------------

TEST_F(SemihostingTest, CommandLineDefaultsToTheProgramName) {
    config.program_name = "model.elf";
    memory.put(kBuf, std::string(16, '#'));
    EXPECT_EQ(call_block(SYS_GET_CMDLINE, {kBuf, 255}).r0, 0u);
    EXPECT_EQ(memory.get(kBuf, 10), std::string("model.elf\0", 10));
    EXPECT_EQ(memory.word(kBlock), kBuf);  // field 1 unchanged
    EXPECT_EQ(memory.word(kBlock + 4), 9u);
}

TEST_F(SemihostingTest, CommandLineIsConfigurable) {
    config.command_line = "app --layers 12 'a b'";
    EXPECT_EQ(call_block(SYS_GET_CMDLINE, {kBuf, 22}).r0, 0u);
    EXPECT_EQ(memory.get(kBuf, 22), std::string("app --layers 12 'a b'\0", 22));
    EXPECT_EQ(memory.word(kBlock + 4), 21u);
}

TEST_F(SemihostingTest, CommandLineFailures) {
    config.command_line = "12345";
    memory.put(kBuf, "########");
    EXPECT_EQ(call_block(SYS_GET_CMDLINE, {kBuf, 5}).r0, kMinusOne);  // no room for the NUL
    EXPECT_EQ(guest_errno(), kE2BIG);
    EXPECT_EQ(memory.get(kBuf, 8), "########");
    EXPECT_EQ(memory.word(kBlock + 4), 5u);

    const SemihostingResult ro = call_block(SYS_GET_CMDLINE, {kFlash, 64});
    EXPECT_EQ(ro.r0, kMinusOne);
    EXPECT_EQ(ro.fault_address, kFlash);
    EXPECT_EQ(guest_errno(), kEFAULT);
    EXPECT_EQ(call(SYS_GET_CMDLINE, 0x5000'0000).r0, kMinusOne);
}

TEST_F(SemihostingTest, HeapInfoFillsTheBlockThePointerNames) {
    config.heap = {0x2000'4000, 0x2000'C000, 0x2001'0000, 0x2000'C000};
    // r1 points to a word holding the block's address, as newlib's crt0 passes it.
    memory.put_words(kBlock, {kBuf});
    EXPECT_EQ(call(SYS_HEAPINFO, kBlock).r0, 0u);
    EXPECT_EQ(memory.word(kBuf), 0x2000'4000u);
    EXPECT_EQ(memory.word(kBuf + 4), 0x2000'C000u);
    EXPECT_EQ(memory.word(kBuf + 8), 0x2001'0000u);
    EXPECT_EQ(memory.word(kBuf + 12), 0x2000'C000u);
    EXPECT_EQ(memory.word(kBlock), kBuf);
}

TEST_F(SemihostingTest, HeapInfoBadPointers) {
    EXPECT_EQ(call(SYS_HEAPINFO, 0x6000'0000).r0, kMinusOne);
    EXPECT_EQ(guest_errno(), kEFAULT);
    memory.put_words(kBlock, {0x6000'0000});
    const SemihostingResult r = call(SYS_HEAPINFO, kBlock);
    EXPECT_EQ(r.r0, kMinusOne);
    EXPECT_EQ(r.fault_address, 0x6000'0000u);
    memory.put_words(kBlock, {kRamEnd - 8});  // half of the block outside RAM
    EXPECT_EQ(call(SYS_HEAPINFO, kBlock).fault_address, kRamEnd);
}

// --- Exit -----------------------------------------------------------------

TEST_F(SemihostingTest, ExitWithReasonInR1) {
    const SemihostingResult ok = call(SYS_EXIT, ADP_Stopped_ApplicationExit);
    EXPECT_TRUE(ok.exit);
    EXPECT_EQ(ok.exit_code, 0);
    EXPECT_EQ(ok.exit_reason, "ApplicationExit");
    EXPECT_FALSE(ok.unhandled);

    const SemihostingResult abort = call(SYS_EXIT, ADP_Stopped_RunTimeErrorUnknown);
    EXPECT_TRUE(abort.exit);
    EXPECT_EQ(abort.exit_code, Semihosting::kAbnormalExitCode);
    EXPECT_NE(abort.exit_code, 0);
    EXPECT_EQ(abort.exit_reason, "RunTimeErrorUnknown");

    const SemihostingResult odd = call(SYS_EXIT, 0x1234);
    EXPECT_TRUE(odd.exit);
    EXPECT_EQ(odd.exit_code, Semihosting::kAbnormalExitCode);
    EXPECT_EQ(odd.exit_reason, "reason 0x1234");
}

TEST_F(SemihostingTest, ExitExtendedCarriesTheStatus) {
    const SemihostingResult three = call_block(SYS_EXIT_EXTENDED, {ADP_Stopped_ApplicationExit, 3});
    EXPECT_TRUE(three.exit);
    EXPECT_EQ(three.exit_code, 3);
    EXPECT_EQ(three.exit_reason, "ApplicationExit");

    EXPECT_EQ(call_block(SYS_EXIT_EXTENDED, {ADP_Stopped_ApplicationExit, 0}).exit_code, 0);
    EXPECT_EQ(call_block(SYS_EXIT_EXTENDED, {ADP_Stopped_ApplicationExit, kMinusOne}).exit_code, -1);

    // abort(): newlib's _kill sends RunTimeErrorUnknown with the signal number.
    const SemihostingResult abort =
        call_block(SYS_EXIT_EXTENDED, {ADP_Stopped_RunTimeErrorUnknown, 6});
    EXPECT_TRUE(abort.exit);
    EXPECT_EQ(abort.exit_code, Semihosting::kAbnormalExitCode);
    EXPECT_EQ(abort.exit_reason, "RunTimeErrorUnknown");
    EXPECT_NE(abort.detail.find("subcode 6"), std::string::npos) << abort.detail;

    const SemihostingResult bad = call(SYS_EXIT_EXTENDED, 0x7000'0000);
    EXPECT_TRUE(bad.exit);
    EXPECT_EQ(bad.exit_code, Semihosting::kAbnormalExitCode);
    EXPECT_EQ(bad.fault_address, 0x7000'0000u);
}

// --- Unhandled calls and configuration -------------------------------------

TEST_F(SemihostingTest, UnknownOperationsAreUnhandled) {
    for (uint32_t op : {0x00u, 0x0Bu, 0x14u, 0x17u, 0x19u, 0x32u, 0x100u, kMinusOne}) {
        const SemihostingResult r = call(op, 0x1234);
        EXPECT_TRUE(r.unhandled) << op;
        EXPECT_FALSE(r.exit);
        EXPECT_EQ(r.r0, kMinusOne);
        EXPECT_NE(r.detail.find("unhandled semihosting call"), std::string::npos) << r.detail;
    }
    EXPECT_NE(call(0x17, 0).detail.find("operation 0x17"), std::string::npos);
}

TEST(SemihostingConfig, RejectsMissingClock) {
    FakeMemory memory;
    FakeConsole console;
    SemihostingConfig config;
    config.clock_hz = kHz;
    EXPECT_THROW(Semihosting(memory, console, config), Error);  // no cycle source
    config.cycles = [] { return uint64_t(0); };
    config.clock_hz = 0;
    EXPECT_THROW(Semihosting(memory, console, config), Error);
    config.clock_hz = uint64_t(1) << 32;
    EXPECT_THROW(Semihosting(memory, console, config), Error);
    config.clock_hz = kHz;
    config.capture_bytes = 0;
    EXPECT_THROW(Semihosting(memory, console, config), Error);
}

// --- Captured output --------------------------------------------------------

TEST_F(SemihostingTest, OutputIsCapturedBounded) {
    config.capture_bytes = 8;
    const uint32_t out = open(":tt", 4);
    const uint32_t err = open(":tt", 8);
    write(out, "0123456789");
    write(err, "E!");
    memory.put(kBuf, "c");
    call(SYS_WRITEC, kBuf);
    EXPECT_EQ(sh().captured_stdout().text(), "3456789c");
    EXPECT_EQ(sh().captured_stdout().total_bytes(), 11u);
    EXPECT_TRUE(sh().captured_stdout().truncated());
    EXPECT_EQ(sh().captured_stderr().text(), "E!");
    EXPECT_FALSE(sh().captured_stderr().truncated());
    EXPECT_EQ(sh().captured_console().text(), "56789E!c");
    EXPECT_EQ(console.out, "0123456789c");  // the console itself gets everything
}

// --- Hostile guests -------------------------------------------------------

TEST_F(SemihostingTest, BlocksAtTheTopOfTheAddressSpace) {
    for (uint32_t op : {SYS_OPEN, SYS_CLOSE, SYS_WRITE, SYS_READ, SYS_ISERROR, SYS_ISTTY,
                        SYS_SEEK, SYS_FLEN, SYS_GET_CMDLINE, SYS_HEAPINFO}) {
        const SemihostingResult r = call(op, 0xFFFF'FFFE);
        EXPECT_EQ(r.r0, kMinusOne) << operation_name(op);
        EXPECT_EQ(r.fault_address, 0u) << operation_name(op);
    }
    EXPECT_EQ(call(SYS_ELAPSED, 0xFFFF'FFFC).fault_address, 0u);
}

TEST_F(SemihostingTest, RandomCallsNeverEscapeTheGuest) {
    std::mt19937 rng(20240101);
    console.in = std::string(4096, 'i');
    auto pick_address = [&]() -> uint32_t {
        switch (rng() % 6) {
        case 0: return kRam + rng() % kRamSize;
        case 1: return kRamEnd - rng() % 16;
        case 2: return kTop + rng() % 0x1000;
        case 3: return kFlash + rng() % 0x1000;
        case 4: return uint32_t(rng());
        default: return uint32_t(0) - rng() % 16;
        }
    };
    const uint32_t ops[] = {SYS_OPEN, SYS_CLOSE, SYS_WRITEC, SYS_WRITE0, SYS_WRITE, SYS_READ,
                            SYS_READC, SYS_ISERROR, SYS_ISTTY, SYS_SEEK, SYS_FLEN, SYS_TMPNAM,
                            SYS_REMOVE, SYS_RENAME, SYS_CLOCK, SYS_TIME, SYS_SYSTEM, SYS_ERRNO,
                            SYS_GET_CMDLINE, SYS_HEAPINFO, SYS_ELAPSED, SYS_TICKFREQ,
                            SYS_EXIT, SYS_EXIT_EXTENDED};
    sh();
    for (int i = 0; i < 20000; ++i) {
        // Random parameter blocks with plausible and hostile fields.
        const uint32_t block = pick_address();
        for (int w = 0; w < 4; ++w) {
            uint32_t value = rng() % 3 == 0 ? uint32_t(rng() % 80) : pick_address();
            (void)memory.write(block + 4 * w, &value, 4);
        }
        const uint32_t op = ops[rng() % std::size(ops)];
        const SemihostingResult r = sh().handle(op, rng() % 4 == 0 ? uint32_t(rng()) : block);
        EXPECT_FALSE(r.unhandled);
        if (r.fault_address) {
            EXPECT_FALSE(r.detail.empty());
        }
        ASSERT_LE(sh().handles().open_count(), HandleTable::kMaxOpen);
    }
}

}  // namespace
}  // namespace mcuprof::testing_semihosting
