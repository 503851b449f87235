// Hostile firmware ELFs and boot settings (issue 12): PT_LOAD segments loaded
// over one another, 64-bit / big-endian / PN_XNUM headers, an initial SP that
// is not the top of a RAM stack, and a --stack-limit inside the static data.
// Each test patches the bytes of a built firmware (hello-stm32f746.elf).
#include "run_support.hpp"

#include "emulator/board/board_profile.hpp"
#include "emulator/elf/elf_image.hpp"
#include "emulator/text/error.hpp"

#include <elf.h>
#include <gtest/gtest.h>

#include <fmt/format.h>

#include <cstring>
#include <fstream>
#include <functional>
#include <regex>

namespace mcuprof::test {
namespace {

std::vector<char> hello_bytes() {
    std::ifstream in(firmware("hello-stm32f746"), std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

Elf32_Ehdr& header(std::vector<char>& bytes) { return *reinterpret_cast<Elf32_Ehdr*>(bytes.data()); }

Elf32_Phdr& program_header(std::vector<char>& bytes, size_t i) {
    const Elf32_Ehdr& h = header(bytes);
    return *reinterpret_cast<Elf32_Phdr*>(bytes.data() + h.e_phoff + i * h.e_phentsize);
}

// Indexes of the PT_LOAD headers that carry file bytes.
std::vector<size_t> loads(std::vector<char>& bytes) {
    std::vector<size_t> out;
    for (size_t i = 0; i < header(bytes).e_phnum; ++i) {
        if (program_header(bytes, i).p_type == PT_LOAD && program_header(bytes, i).p_filesz > 0) out.push_back(i);
    }
    return out;
}

std::string write_temp(const std::string& name, const std::vector<char>& bytes) {
    const std::string path = ::testing::TempDir() + "/mcuprof_hostile_elf_" + name + ".elf";
    std::ofstream(path, std::ios::binary | std::ios::trunc).write(bytes.data(), std::streamsize(bytes.size()));
    return path;
}

std::string load_error(const std::string& name, const std::vector<char>& bytes) {
    const std::string path = write_temp(name, bytes);
    try {
        ElfImage::load(path);
    } catch (const Error& e) {
        const std::string message = e.what();
        EXPECT_NE(message.find(path), std::string::npos) << message;
        EXPECT_EQ(message.find('\n'), std::string::npos) << message;
        return message;
    }
    ADD_FAILURE() << name << " loaded";
    return {};
}

std::string run_error(const std::string& name, const std::vector<char>& bytes, RunOptions options = {}) {
    options.board = "stm32f746";
    options.elf_path = write_temp(name, bytes);
    CapturingConsole console;
    try {
        run_firmware(options, console);
    } catch (const Error& e) {
        EXPECT_EQ(std::string(e.what()).find('\n'), std::string::npos) << e.what();
        return e.what();
    }
    ADD_FAILURE() << name << " ran";
    return {};
}

#define EXPECT_HAS(message, needle) EXPECT_NE((message).find(needle), std::string::npos) << (message)

// ---- Item 1: overlapping and impossible segments ---------------------------------

TEST(HostileElfLoad, SegmentsOverlappingAtTheirLoadAddressesAreRefused) {
    std::vector<char> bytes = hello_bytes();
    const std::vector<size_t> l = loads(bytes);
    ASSERT_GE(l.size(), 2u);
    // The second segment's file bytes would be written over the first's (the loader writes at p_paddr).
    program_header(bytes, l[1]).p_paddr = program_header(bytes, l[0]).p_paddr + 4;
    const std::string m = load_error("overlap_lma", bytes);
    EXPECT_HAS(m, fmt::format("PT_LOAD segments {} (", l[0]));
    EXPECT_HAS(m, fmt::format(") and {} (", l[1]));
    EXPECT_HAS(m, "overlap at load addresses (LMA, file bytes)");
}

TEST(HostileElfLoad, SegmentsOverlappingAtTheirRunAddressesAreRefused) {
    std::vector<char> bytes = hello_bytes();
    const std::vector<size_t> l = loads(bytes);
    ASSERT_GE(l.size(), 2u);
    program_header(bytes, l[1]).p_vaddr = program_header(bytes, l[0]).p_vaddr;
    EXPECT_HAS(load_error("overlap_vma", bytes), "overlap at run addresses (VMA)");
}

TEST(HostileElfLoad, ImpossibleSegmentsAreRefused) {
    std::vector<char> bytes = hello_bytes();
    const size_t first = loads(bytes)[0];
    std::vector<char> b = bytes;
    program_header(b, first).p_filesz = program_header(b, first).p_memsz + 4;
    EXPECT_HAS(load_error("filesz_over_memsz", b), "more file bytes");
    b = bytes;
    program_header(b, first).p_offset = uint32_t(b.size()) - 2;
    EXPECT_HAS(load_error("past_file_end", b), "needs file bytes");
    b = bytes;
    program_header(b, first).p_paddr = 0xFFFFFF00u;
    EXPECT_HAS(load_error("wraps", b), "runs past the 4 GiB address space");
}

// ---- Item 2: headers it cannot run -----------------------------------------------

TEST(HostileElfLoad, SixtyFourBitOrBigEndianSaysSo) {
    std::vector<char> b = hello_bytes();
    b[EI_CLASS] = ELFCLASS64;
    std::string m = load_error("class64", b);
    EXPECT_HAS(m, "is not a 32-bit little-endian ELF (ELFCLASS64/ELFDATA2LSB)");
    EXPECT_HAS(m, "build for Cortex-M with arm-none-eabi-gcc");
    EXPECT_EQ(m.find("program header count"), std::string::npos) << m;
    b = hello_bytes();
    b[EI_DATA] = ELFDATA2MSB;
    m = load_error("msb", b);
    EXPECT_HAS(m, "is not a 32-bit little-endian ELF (ELFCLASS32/ELFDATA2MSB)");
    EXPECT_HAS(m, "(big-endian)");
}

TEST(HostileElfLoad, OtherMachineIsNamed) {
    std::vector<char> b = hello_bytes();
    header(b).e_machine = EM_RISCV;
    EXPECT_HAS(load_error("riscv", b), "32-bit ELF for RISC-V, not 32-bit ARM");
}

TEST(HostileElfLoad, ExtendedProgramHeaderCount) {
    std::vector<char> b = hello_bytes();
    const uint16_t count = header(b).e_phnum;
    ASSERT_NE(header(b).e_shoff, 0u);
    auto& section0 = *reinterpret_cast<Elf32_Shdr*>(b.data() + header(b).e_shoff);
    header(b).e_phnum = PN_XNUM;
    section0.sh_info = 0;
    EXPECT_HAS(load_error("pn_xnum_empty", b), "e_phnum is PN_XNUM (0xffff)");
    // With the count in section 0's sh_info, as the ELF specification has it, the image loads.
    section0.sh_info = count;
    const std::string path = write_temp("pn_xnum", b);
    const ElfImage image = ElfImage::load(path);
    EXPECT_EQ(image.segments().size(), ElfImage::load(firmware("hello-stm32f746")).segments().size());
}

// The vector table's first word (initial SP) in the file.
uint32_t& initial_sp_word(std::vector<char>& bytes) {
    const uint32_t flash_base = find_board("stm32f746").flash().base;
    for (size_t i : loads(bytes)) {
        const Elf32_Phdr& p = program_header(bytes, i);
        if (p.p_paddr <= flash_base && flash_base - p.p_paddr + 8 <= p.p_filesz) {
            return *reinterpret_cast<uint32_t*>(bytes.data() + p.p_offset + (flash_base - p.p_paddr));
        }
    }
    ADD_FAILURE() << "no vector table";
    static uint32_t none = 0;
    return none;
}

TEST(HostileElfLoad, InitialStackPointerIsBlamedForItself) {
    std::vector<char> b = hello_bytes();
    initial_sp_word(b) = 0;
    std::string m = run_error("sp_zero", b);
    EXPECT_HAS(m, "initial stack pointer 0x00000000 (vector table word 0 at 0x08000000) is 0");
    EXPECT_EQ(m.find("stack limit"), std::string::npos) << m;
    initial_sp_word(b) = 0x08001000u;
    m = run_error("sp_flash", b);
    EXPECT_HAS(m, "initial stack pointer 0x08001000");
    EXPECT_HAS(m, "(flash), where the stack cannot be written");
    initial_sp_word(b) = 0x70000000u;
    EXPECT_HAS(run_error("sp_nowhere", b), "initial stack pointer 0x70000000 (vector table word 0 at 0x08000000) "
                                          "is outside every RAM region of stm32f746");
}

// ---- Item 3: --stack-limit inside the static data ----------------------------------

TEST(HostileElfLoad, StackLimitInsideStaticDataIsRefusedWithTheLowestValue) {
    const std::vector<char> bytes = hello_bytes();
    const ElfImage image = ElfImage::load(firmware("hello-stm32f746"));
    const ElfSection* bss = image.section(".bss");
    ASSERT_NE(bss, nullptr);
    RunOptions options;
    options.stack_limit = bss->address;  // at or below the start of RAM's static data
    std::string m = run_error("limit_in_bss", bytes, options);
    EXPECT_HAS(m, fmt::format("--stack-limit {:#010x} lies inside the static data", bss->address));
    std::smatch lowest;
    ASSERT_TRUE(std::regex_search(m, lowest, std::regex("lowest acceptable value is (0x[0-9a-f]+)"))) << m;
    // Kept as a number: `lowest` points into m, which is reassigned below.
    const uint32_t lowest_value = uint32_t(std::stoul(lowest[1], nullptr, 16));
    EXPECT_GE(lowest_value, bss->end());

    options.stack_limit = 0x10000000u;
    m = run_error("limit_outside", bytes, options);
    EXPECT_HAS(m, "--stack-limit 0x10000000 lies outside");
    EXPECT_HAS(m, "lowest acceptable value is");

    // The value it names is accepted, and the firmware computes what it should.
    options.stack_limit = lowest_value;
    const RunResult ok = run("stm32f746", "hello-stm32f746", options);
    EXPECT_EQ(ok.report.exit.reason, "exit") << ok.report.exit.detail;
    EXPECT_EQ(ok.report.exit.code, 0);
    EXPECT_EQ(ok.out, run("stm32f746", "hello-stm32f746").out);
}

}  // namespace
}  // namespace mcuprof::test
