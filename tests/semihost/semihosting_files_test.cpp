// Semihosting's file-handle calls against a fake guest memory and console:
// SYS_OPEN (":tt" modes, ":semihosting-features", refused host paths),
// SYS_CLOSE, SYS_WRITE/WRITEC/WRITE0, SYS_READ/READC, SYS_ISTTY, SYS_SEEK,
// SYS_FLEN, SYS_ISERROR and SYS_ERRNO, as Arm's specification and newlib 3.3's
// rdimon expect, including inaccessible and wrapping buffers.
#include "semihosting_fixture.hpp"

namespace mcuprof::testing_semihosting {
namespace {

// --- SYS_OPEN and the console streams -----------------------------------

TEST_F(SemihostingTest, TtyModeSelectsStdinStdoutStderr) {
    const uint32_t in = open(":tt", 0);
    const uint32_t out = open(":tt", 4);
    const uint32_t err = open(":tt", 8);
    EXPECT_NE(in, 0u);
    EXPECT_NE(in, kMinusOne);
    EXPECT_NE(out, kMinusOne);
    EXPECT_NE(err, kMinusOne);
    EXPECT_NE(in, out);
    EXPECT_NE(out, err);

    EXPECT_EQ(write(out, "to stdout\n"), 0u);
    EXPECT_EQ(write(err, "to stderr\n"), 0u);
    EXPECT_EQ(console.out, "to stdout\n");
    EXPECT_EQ(console.err, "to stderr\n");

    // Every mode of each group opens the same stream.
    for (uint32_t mode : {1u, 2u, 3u}) {
        const uint32_t h = open(":tt", mode);
        EXPECT_EQ(write(h, "x"), 1u) << "stdin is not writable (mode " << mode << ")";
    }
    for (uint32_t mode : {5u, 6u, 7u}) {
        EXPECT_EQ(write(open(":tt", mode), "o"), 0u);
    }
    for (uint32_t mode : {9u, 10u, 11u}) {
        EXPECT_EQ(write(open(":tt", mode), "e"), 0u);
    }
    EXPECT_EQ(console.out, "to stdout\nooo");
    EXPECT_EQ(console.err, "to stderr\neee");
}

TEST_F(SemihostingTest, OtherPathsDoNotExist) {
    EXPECT_EQ(open("/etc/passwd", 0), kMinusOne);
    EXPECT_EQ(guest_errno(), kENOENT);
    EXPECT_EQ(open("data.bin", 4), kMinusOne);  // not even for writing
    EXPECT_EQ(guest_errno(), kENOENT);
    EXPECT_EQ(open(":tt2", 0), kMinusOne);
    EXPECT_EQ(sh().handles().open_count(), 0u);
}

TEST_F(SemihostingTest, OpenRejectsBadModesAndNames) {
    EXPECT_EQ(open(":tt", 12), kMinusOne);
    EXPECT_EQ(guest_errno(), kEINVAL);

    // The length must point at the NUL terminator.
    memory.put(kName, ":ttX\0");
    EXPECT_EQ(call_block(SYS_OPEN, {kName, 0, 3}).r0, kMinusOne);
    EXPECT_EQ(guest_errno(), kEINVAL);

    EXPECT_EQ(call_block(SYS_OPEN, {kName, 0, Semihosting::kMaxPathBytes + 1}).r0, kMinusOne);
    EXPECT_EQ(guest_errno(), kENAMETOOLONG);

    const SemihostingResult r = call_block(SYS_OPEN, {0x1000'0000, 0, 3});
    EXPECT_EQ(r.r0, kMinusOne);
    EXPECT_EQ(guest_errno(), kEFAULT);
    EXPECT_EQ(r.fault_address, 0x1000'0000u);
    EXPECT_FALSE(r.unhandled);
    EXPECT_NE(r.detail.find("SYS_OPEN"), std::string::npos) << r.detail;

    // A name running off the end of RAM.
    memory.put(kRamEnd - 2, ":t");
    const SemihostingResult tail = call_block(SYS_OPEN, {kRamEnd - 2, 0, 3});
    EXPECT_EQ(tail.r0, kMinusOne);
    EXPECT_EQ(tail.fault_address, kRamEnd);
}

TEST_F(SemihostingTest, HandlesAreReusedAndLimited) {
    std::vector<uint32_t> handles;
    for (uint32_t i = 0; i < 64; ++i) {
        handles.push_back(open(":tt", 4));
        ASSERT_EQ(handles.back(), i + 1);
    }
    EXPECT_EQ(open(":tt", 4), kMinusOne);
    EXPECT_EQ(guest_errno(), kEMFILE);
    EXPECT_EQ(call_block(SYS_CLOSE, {7}).r0, 0u);
    EXPECT_EQ(open(":tt", 0), 7u);
}

TEST_F(SemihostingTest, CloseUnknownHandleFails) {
    const uint32_t h = open(":tt", 4);
    EXPECT_EQ(call_block(SYS_CLOSE, {h}).r0, 0u);
    EXPECT_EQ(call_block(SYS_CLOSE, {h}).r0, kMinusOne);
    EXPECT_EQ(guest_errno(), kEBADF);
    EXPECT_EQ(call_block(SYS_CLOSE, {0}).r0, kMinusOne);
    EXPECT_EQ(call_block(SYS_CLOSE, {kMinusOne}).r0, kMinusOne);
    EXPECT_EQ(write(h, "closed"), 6u);
    EXPECT_EQ(console.out, "");
}

// --- ":semihosting-features" ----------------------------------------------

TEST_F(SemihostingTest, NewlibFeatureProbe) {
    // initialise_monitor_handles: stdin first, then _get_semihosting_exts:
    // open, SYS_FLEN, read the 4 magic bytes, seek to 4 (SEEK_CUR 0), read 1.
    const uint32_t in = open(":tt", 0);
    const uint32_t f = open(":semihosting-features", 0);
    ASSERT_NE(f, kMinusOne);
    EXPECT_NE(f, in);
    EXPECT_EQ(call_block(SYS_FLEN, {f}).r0, 5u);
    EXPECT_EQ(read(f, 4), 0u);
    EXPECT_EQ(memory.get(kBuf, 4), "SHFB");
    EXPECT_EQ(call_block(SYS_SEEK, {f, 4}).r0, 0u);
    EXPECT_EQ(read(f, 1), 0u);
    EXPECT_EQ(uint8_t(memory.get(kBuf, 1)[0]), SH_EXT_EXIT_EXTENDED | SH_EXT_STDOUT_STDERR);
    EXPECT_EQ(call_block(SYS_CLOSE, {f}).r0, 0u);
    // Then stdout ("w") and stderr ("a").
    EXPECT_NE(open(":tt", 4), kMinusOne);
    EXPECT_NE(open(":tt", 8), kMinusOne);
    EXPECT_EQ(sh().handles().open_count(), 3u);
}

TEST_F(SemihostingTest, FeatureFileByteByByte) {
    const uint32_t f = open(":semihosting-features", 1);
    std::string bytes;
    for (int i = 0; i < 5; ++i) {
        ASSERT_EQ(read(f, 1), 0u) << "byte " << i;
        bytes += memory.get(kBuf, 1);
    }
    EXPECT_EQ(bytes, "SHFB\x03");
    EXPECT_EQ(read(f, 1), 1u);  // end of file: nothing read
    EXPECT_EQ(call_block(SYS_SEEK, {f, 0}).r0, 0u);
    EXPECT_EQ(read(f, 16), 11u);  // 5 of 16 read
    EXPECT_EQ(memory.get(kBuf, 5), "SHFB\x03");
    // Opened twice at once: independent positions.
    const uint32_t g = open(":semihosting-features", 0);
    EXPECT_NE(g, f);
    EXPECT_EQ(read(g, 2), 0u);
    EXPECT_EQ(memory.get(kBuf, 2), "SH");
}

TEST_F(SemihostingTest, FeatureFileRules) {
    for (uint32_t mode = 2; mode < 12; ++mode) {
        EXPECT_EQ(open(":semihosting-features", mode), kMinusOne) << mode;
        EXPECT_EQ(guest_errno(), kEACCES);
    }
    const uint32_t f = open(":semihosting-features", 0);
    EXPECT_EQ(call_block(SYS_ISTTY, {f}).r0, 0u);
    EXPECT_EQ(guest_errno(), kENOTTY);
    EXPECT_EQ(call_block(SYS_SEEK, {f, 5}).r0, 0u);
    EXPECT_EQ(read(f, 3), 3u);
    EXPECT_EQ(int32_t(call_block(SYS_SEEK, {f, 6}).r0), -1);
    EXPECT_EQ(guest_errno(), kEINVAL);
    EXPECT_EQ(write(f, "no"), 2u);
    EXPECT_EQ(guest_errno(), kEBADF);
}

// --- SYS_WRITE, SYS_WRITEC, SYS_WRITE0 -------------------------------------

TEST_F(SemihostingTest, WriteReturnsBytesNotWritten) {
    const uint32_t out = open(":tt", 4);
    EXPECT_EQ(write(out, "hello, world\n"), 0u);
    EXPECT_EQ(call_block(SYS_WRITE, {out, kBuf, 0}).r0, 0u);
    EXPECT_EQ(console.out, "hello, world\n");

    // Larger than one transfer chunk.
    std::string big(3 * Semihosting::kChunkBytes + 17, 'a');
    for (size_t i = 0; i < big.size(); ++i) {
        big[i] = char('a' + i % 26);
    }
    console.out.clear();
    EXPECT_EQ(write(out, big), 0u);
    EXPECT_EQ(console.out, big);
}

TEST_F(SemihostingTest, WriteStopsAtInaccessibleMemory) {
    const uint32_t out = open(":tt", 4);
    memory.put(kRamEnd - 6, "abcdef");
    const SemihostingResult r = call_block(SYS_WRITE, {out, kRamEnd - 6, 10});
    EXPECT_EQ(r.r0, 4u);  // 6 written, 4 not
    EXPECT_EQ(console.out, "abcdef");
    EXPECT_EQ(r.fault_address, kRamEnd);
    EXPECT_EQ(guest_errno(), kEFAULT);

    // A length that runs past the top of the address space stops there.
    console.out.clear();
    memory.put(0xFFFF'FFFC, "wxyz");
    const SemihostingResult wrap = call_block(SYS_WRITE, {out, 0xFFFF'FFFC, 0x100});
    EXPECT_EQ(wrap.r0, 0xFCu);
    EXPECT_EQ(console.out, "wxyz");
    EXPECT_EQ(wrap.fault_address, 0u);

    // The largest length: everything readable is written, nothing else.
    console.out.clear();
    const SemihostingResult huge = call_block(SYS_WRITE, {out, kRamEnd - 3, kMinusOne});
    EXPECT_EQ(huge.r0, kMinusOne - 3);
    EXPECT_EQ(console.out.size(), 3u);

    // Unmapped from the first byte: nothing written.
    console.out.clear();
    const SemihostingResult none = call_block(SYS_WRITE, {out, 0x3000'0000, 8});
    EXPECT_EQ(none.r0, 8u);
    EXPECT_EQ(none.fault_address, 0x3000'0000u);
    EXPECT_EQ(console.out, "");
}

TEST_F(SemihostingTest, WriteToWrongHandles) {
    const uint32_t in = open(":tt", 0);
    EXPECT_EQ(write(in, "abc"), 3u);
    EXPECT_EQ(guest_errno(), kEBADF);
    EXPECT_EQ(write(99, "abcd"), 4u);
    EXPECT_EQ(guest_errno(), kEBADF);
    EXPECT_EQ(console.out + console.err, "");
}

TEST_F(SemihostingTest, WritecAndWrite0GoToStdout) {
    memory.put(kBuf, "Q");
    const SemihostingResult c = call(SYS_WRITEC, kBuf);
    EXPECT_FALSE(c.unhandled);
    EXPECT_FALSE(c.fault_address);
    memory.put(kName, std::string("line one\n\0ignored", 18));
    call(SYS_WRITE0, kName);
    EXPECT_EQ(console.out, "Qline one\n");
    EXPECT_EQ(console.err, "");

    // Longer than WRITE0's read chunk, ending right before unmapped memory.
    std::string text(700, 'z');
    memory.put(kRamEnd - 701, text + '\0');
    console.out.clear();
    const SemihostingResult w = call(SYS_WRITE0, kRamEnd - 701);
    EXPECT_FALSE(w.fault_address);
    EXPECT_EQ(console.out, text);
}

TEST_F(SemihostingTest, WritecAndWrite0WithBadPointers) {
    const SemihostingResult c = call(SYS_WRITEC, 0x4000'0000);
    EXPECT_EQ(c.fault_address, 0x4000'0000u);
    EXPECT_EQ(guest_errno(), 0u) << "SYS_WRITEC sets no errno";

    memory.put(kRamEnd - 5, "trunc");  // no NUL before the end of RAM
    const SemihostingResult w = call(SYS_WRITE0, kRamEnd - 5);
    EXPECT_EQ(console.out, "trunc");
    EXPECT_EQ(w.fault_address, kRamEnd);
    EXPECT_NE(w.detail.find("SYS_WRITE0"), std::string::npos);

    console.out.clear();
    memory.put(0xFFFF'FFFE, "hi");
    const SemihostingResult top = call(SYS_WRITE0, 0xFFFF'FFFE);
    EXPECT_EQ(console.out, "hi");
    EXPECT_EQ(top.fault_address, 0u);
}

// --- SYS_READ, SYS_READC ------------------------------------------------

TEST_F(SemihostingTest, ReadReturnsBytesNotFilled) {
    console.in = "hello\nworld\n";
    console.max_read = 6;  // one line per read, like a terminal
    const uint32_t in = open(":tt", 0);
    EXPECT_EQ(read(in, 16), 10u);
    EXPECT_EQ(memory.get(kBuf, 6), "hello\n");
    EXPECT_EQ(read(in, 3), 0u);
    EXPECT_EQ(memory.get(kBuf, 3), "wor");
    EXPECT_EQ(read(in, 16), 13u);
    EXPECT_EQ(memory.get(kBuf, 3), "ld\n");
    EXPECT_EQ(read(in, 16), 16u);  // end of input: nothing read
    EXPECT_EQ(read(in, 0), 0u);
}

TEST_F(SemihostingTest, ReadFailures) {
    console.in = "abcdef";
    const uint32_t in = open(":tt", 0);
    const uint32_t out = open(":tt", 4);
    EXPECT_EQ(read(out, 4), 4u);
    EXPECT_EQ(guest_errno(), kEBADF);
    EXPECT_EQ(read(42, 4), 4u);
    EXPECT_EQ(console.reads, 0);

    // Into flash (read-only): nothing stored.
    const SemihostingResult ro = call_block(SYS_READ, {in, kFlash, 3});
    EXPECT_EQ(ro.r0, 3u);
    EXPECT_EQ(ro.fault_address, kFlash);
    EXPECT_EQ(guest_errno(), kEFAULT);

    // A buffer running off the end of RAM keeps the bytes that fit.
    const SemihostingResult part = call_block(SYS_READ, {in, kRamEnd - 2, 3});
    EXPECT_EQ(part.r0, 1u);
    EXPECT_EQ(memory.get(kRamEnd - 2, 2), "de");
    EXPECT_EQ(part.fault_address, kRamEnd);
}

TEST_F(SemihostingTest, ReadcReturnsBytesThenMinusOne) {
    console.in = "ok";
    EXPECT_EQ(call(SYS_READC, 0).r0, uint32_t('o'));
    EXPECT_EQ(call(SYS_READC, 0).r0, uint32_t('k'));
    EXPECT_EQ(call(SYS_READC, 0).r0, kMinusOne);
}

// --- ISTTY, SEEK, FLEN, ISERROR, ERRNO -----------------------------------

TEST_F(SemihostingTest, ConsoleIsATerminalOfLengthZero) {
    const uint32_t out = open(":tt", 4);
    const uint32_t in = open(":tt", 0);
    EXPECT_EQ(call_block(SYS_ISTTY, {out}).r0, 1u);
    EXPECT_EQ(call_block(SYS_ISTTY, {in}).r0, 1u);
    EXPECT_EQ(call_block(SYS_FLEN, {out}).r0, 0u);
    EXPECT_EQ(guest_errno(), 0u);

    EXPECT_LT(int32_t(call_block(SYS_SEEK, {out, 0}).r0), 0);
    EXPECT_EQ(guest_errno(), kESPIPE);
}

TEST_F(SemihostingTest, BadHandlesForIsttySeekFlen) {
    const uint32_t istty = call_block(SYS_ISTTY, {5}).r0;
    EXPECT_NE(istty, 0u);
    EXPECT_NE(istty, 1u);
    EXPECT_EQ(guest_errno(), kEBADF);
    EXPECT_EQ(call_block(SYS_SEEK, {5, 0}).r0, kMinusOne);
    EXPECT_EQ(call_block(SYS_FLEN, {5}).r0, kMinusOne);
    EXPECT_EQ(guest_errno(), kEBADF);
}

TEST_F(SemihostingTest, IsErrorIsTheSignOfTheStatus) {
    EXPECT_EQ(call_block(SYS_ISERROR, {0}).r0, 0u);
    EXPECT_EQ(call_block(SYS_ISERROR, {5}).r0, 0u);
    EXPECT_NE(call_block(SYS_ISERROR, {kMinusOne}).r0, 0u);
    EXPECT_NE(call_block(SYS_ISERROR, {0x8000'0000}).r0, 0u);
}

TEST_F(SemihostingTest, ErrnoKeepsTheLastFailure) {
    EXPECT_EQ(guest_errno(), 0u);
    open("missing.txt", 0);
    EXPECT_EQ(guest_errno(), kENOENT);
    open(":tt", 4);  // success leaves errno alone, as C's errno
    EXPECT_EQ(guest_errno(), kENOENT);
    EXPECT_EQ(sh().guest_errno(), kENOENT);
}

}  // namespace
}  // namespace mcuprof::testing_semihosting
