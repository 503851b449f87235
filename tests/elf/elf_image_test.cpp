// ElfImage against the fixture ELFs of tests/fixtures: expectations come from
// the fixture's source (100 bytes of .data, 200 of .bss, its linker script's
// symbols) and from arm-none-eabi-readelf's view of the same file, recorded at
// build time.
#include "emulator/elf/elf_image.hpp"

#include "emulator/text/error.hpp"

#include <gelf.h>
#include <libelf.h>

#include <gtest/gtest.h>

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iterator>
#include <random>
#include <sstream>

namespace mcuprof {
namespace {

const std::string kFixtures = MCUPROF_FIXTURES_DIR;
const std::string kArmElf = kFixtures + "/fixture_dwarf5.elf";

std::vector<char> read_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    EXPECT_TRUE(in) << path;
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

std::string temp_file(const std::string& name, const std::vector<char>& bytes) {
    std::string path = ::testing::TempDir() + "/mcuprof_elf_image_test_" + name;
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(bytes.data(), std::streamsize(bytes.size()));
    return path;
}

// A copy of the ARM fixture whose program headers `edit` changed, written with libelf.
std::string edited_fixture(const std::string& name, const std::function<void(GElf_Phdr&)>& edit) {
    std::string path = temp_file(name, read_file(kArmElf));
    EXPECT_NE(elf_version(EV_CURRENT), EV_NONE);
    int fd = ::open(path.c_str(), O_RDWR);
    EXPECT_GE(fd, 0);
    Elf* elf = elf_begin(fd, ELF_C_RDWR, nullptr);
    EXPECT_NE(elf, nullptr) << elf_errmsg(-1);
    elf_flagelf(elf, ELF_C_SET, ELF_F_LAYOUT);  // keep every offset as it is
    size_t count = 0;
    EXPECT_EQ(elf_getphdrnum(elf, &count), 0);
    for (size_t i = 0; i < count; ++i) {
        GElf_Phdr header;
        EXPECT_NE(gelf_getphdr(elf, int(i), &header), nullptr);
        edit(header);
        EXPECT_NE(gelf_update_phdr(elf, int(i), &header), 0) << elf_errmsg(-1);
    }
    elf_flagphdr(elf, ELF_C_SET, ELF_F_DIRTY);
    EXPECT_GE(elf_update(elf, ELF_C_WRITE), 0) << elf_errmsg(-1);
    elf_end(elf);
    ::close(fd);
    return path;
}

// The one-line message load() fails with.
std::string load_error(const std::string& path) {
    try {
        ElfImage::load(path);
    } catch (const Error& error) {
        return error.what();
    }
    ADD_FAILURE() << "ElfImage::load(" << path << ") did not fail";
    return {};
}

void expect_one_line(const std::string& message, const std::string& path, const std::string& what) {
    EXPECT_NE(message.find(path), std::string::npos) << message;
    EXPECT_NE(message.find(what), std::string::npos) << message;
    EXPECT_EQ(message.find('\n'), std::string::npos) << message;
}

struct ReadelfSegment {
    uint64_t offset, vaddr, paddr, file_size, mem_size;
    std::string flags;
};

// LOAD lines of `readelf -W -l`: Type Offset VirtAddr PhysAddr FileSiz MemSiz Flg Align,
// where Flg may hold spaces ("R E").
std::vector<ReadelfSegment> readelf_segments() {
    std::ifstream in(kFixtures + "/fixture_dwarf5.readelf-l.txt");
    EXPECT_TRUE(in);
    std::vector<ReadelfSegment> segments;
    for (std::string line; std::getline(in, line);) {
        std::istringstream words(line);
        std::vector<std::string> w{std::istream_iterator<std::string>(words), {}};
        if (w.size() < 8 || w[0] != "LOAD") continue;
        ReadelfSegment s{std::stoull(w[1], nullptr, 16), std::stoull(w[2], nullptr, 16),
                         std::stoull(w[3], nullptr, 16), std::stoull(w[4], nullptr, 16),
                         std::stoull(w[5], nullptr, 16), ""};
        for (size_t i = 6; i + 1 < w.size(); ++i) s.flags += w[i];
        segments.push_back(s);
    }
    return segments;
}

struct ReadelfSection {
    std::string name, type;
    uint64_t address, size;
    std::string flags;
};

// Section lines of `readelf -W -S`: [Nr] Name Type Addr Off Size ES Flg Lk Inf Al,
// where Flg may be empty.
std::vector<ReadelfSection> readelf_sections() {
    std::ifstream in(kFixtures + "/fixture_dwarf5.readelf-S.txt");
    EXPECT_TRUE(in);
    std::vector<ReadelfSection> sections;
    for (std::string line; std::getline(in, line);) {
        size_t bracket = line.find(']');
        if (line.find("  [") != 0 || bracket == std::string::npos || line.find("Nr]") != std::string::npos) continue;
        std::istringstream words(line.substr(bracket + 1));
        std::vector<std::string> w{std::istream_iterator<std::string>(words), {}};
        if (w.size() != 9 && w.size() != 10) continue;  // index 0 has no name
        sections.push_back({w[0], w[1], std::stoull(w[2], nullptr, 16), std::stoull(w[4], nullptr, 16),
                            w.size() == 10 ? w[6] : ""});
    }
    return sections;
}

class ElfImageTest : public ::testing::Test {
protected:
    ElfImage image = ElfImage::load(kArmElf);

    uint32_t sym(const char* name) const {
        std::optional<uint32_t> value = image.symbol(name);
        EXPECT_TRUE(value) << name;
        return value.value_or(0);
    }
};

TEST_F(ElfImageTest, SegmentsMatchReadelf) {
    std::vector<ReadelfSegment> expected = readelf_segments();
    ASSERT_EQ(expected.size(), 2u);
    ASSERT_EQ(image.segments().size(), expected.size());
    for (size_t i = 0; i < expected.size(); ++i) {
        const ElfSegment& s = image.segments()[i];
        EXPECT_EQ(s.index, i);
        EXPECT_EQ(s.file_offset, expected[i].offset);
        EXPECT_EQ(s.vaddr, expected[i].vaddr);
        EXPECT_EQ(s.paddr, expected[i].paddr);
        EXPECT_EQ(s.file_size, expected[i].file_size);
        EXPECT_EQ(s.mem_size, expected[i].mem_size);
        EXPECT_EQ(s.readable, expected[i].flags.find('R') != std::string::npos);
        EXPECT_EQ(s.writable, expected[i].flags.find('W') != std::string::npos);
        EXPECT_EQ(s.executable, expected[i].flags.find('E') != std::string::npos);
        EXPECT_EQ(s.bytes.size(), s.file_size);
    }
}

TEST_F(ElfImageTest, SegmentsMatchTheFixtureSource) {
    // Flash: vector table, code and constants from the start of FLASH up to .data's load image.
    const ElfSegment& flash = image.segments()[0];
    EXPECT_EQ(flash.vaddr, 0x08000000u);
    EXPECT_EQ(flash.paddr, 0x08000000u);
    EXPECT_EQ(flash.file_size, sym("_sidata") - 0x08000000u);
    EXPECT_TRUE(flash.executable);
    EXPECT_FALSE(flash.writable);
    // The vector table: initial SP (_estack = end of the 16 KB RAM), then the Thumb reset handler.
    ASSERT_GE(flash.bytes.size(), 8u);
    auto word = [&](size_t at) {
        return uint32_t(flash.bytes[at]) | uint32_t(flash.bytes[at + 1]) << 8 |
               uint32_t(flash.bytes[at + 2]) << 16 | uint32_t(flash.bytes[at + 3]) << 24;
    };
    EXPECT_EQ(word(0), 0x20004000u);
    EXPECT_EQ(word(4), sym("Reset_Handler"));

    // RAM: 100 bytes of .data run at 0x20000000, loaded right after the flash
    // contents, followed by 200 bytes of .bss zero fill.
    const ElfSegment& ram = image.segments()[1];
    EXPECT_EQ(ram.vaddr, 0x20000000u);
    EXPECT_EQ(ram.vaddr, sym("_sdata"));
    EXPECT_EQ(ram.paddr, sym("_sidata"));
    EXPECT_EQ(ram.file_size, 100u);
    EXPECT_EQ(ram.mem_size, 300u);
    EXPECT_EQ(ram.mem_size, sym("_ebss") - sym("_sdata"));
    EXPECT_TRUE(ram.writable);
    EXPECT_FALSE(ram.executable);
    std::vector<uint8_t> data(100, 0);
    for (uint8_t i = 0; i < 5; ++i) data[i] = uint8_t(i + 1);  // fixture_data = {1, 2, 3, 4, 5}
    EXPECT_EQ(ram.bytes, data);
}

TEST_F(ElfImageTest, EntryIsTheThumbResetHandler) {
    EXPECT_EQ(image.entry(), sym("Reset_Handler"));
    EXPECT_EQ(image.entry() & 1u, 1u);
    ASSERT_NE(image.function_named("Reset_Handler"), nullptr);
    EXPECT_EQ(image.entry() & ~1u, image.function_named("Reset_Handler")->address);
}

TEST_F(ElfImageTest, SectionsMatchReadelf) {
    std::vector<ReadelfSection> expected = readelf_sections();
    ASSERT_GT(expected.size(), 5u);
    ASSERT_EQ(image.sections().size(), expected.size());
    for (size_t i = 0; i < expected.size(); ++i) {
        const ElfSection& s = image.sections()[i];
        SCOPED_TRACE(expected[i].name);
        EXPECT_EQ(s.index, i + 1);
        EXPECT_EQ(s.name, expected[i].name);
        EXPECT_EQ(s.address, expected[i].address);
        EXPECT_EQ(s.size, expected[i].size);
        EXPECT_EQ(s.nobits, expected[i].type == "NOBITS");
        EXPECT_EQ(s.alloc, expected[i].flags.find('A') != std::string::npos);
        EXPECT_EQ(s.write, expected[i].flags.find('W') != std::string::npos);
        EXPECT_EQ(s.exec, expected[i].flags.find('X') != std::string::npos);
    }
    const ElfSection* bss = image.section(".bss");
    ASSERT_NE(bss, nullptr);
    EXPECT_TRUE(bss->nobits);
    EXPECT_EQ(bss->size, 200u);
    ASSERT_NE(image.section(".data"), nullptr);
    EXPECT_EQ(image.section(".data")->size, 100u);
    EXPECT_EQ(image.section(".no_such_section"), nullptr);
}

TEST_F(ElfImageTest, StaticAndFlashBytes) {
    EXPECT_EQ(image.static_bytes(), 300u);                                // 100 .data + 200 .bss
    EXPECT_EQ(image.static_bytes_within(0x20000000u, 16 * 1024), 300u);   // all in RAM
    EXPECT_EQ(image.static_bytes_within(0x20000000u, 0x80), 0x80u);       // .data and part of .bss
    EXPECT_EQ(image.static_bytes_within(0x08000000u, 64 * 1024), 0u);     // none in flash
    EXPECT_EQ(image.static_bytes_within(0x20000000u, uint64_t(1) << 40), 300u);  // huge sizes clip
    // Reserved ranges (stack, heap) are subtracted where they overlap.
    EXPECT_EQ(image.static_bytes_outside({}), 300u);
    EXPECT_EQ(image.static_bytes_outside({{0x20000000u, 0x20000010u}}), 284u);
    EXPECT_EQ(image.static_bytes_outside({{0x20000000u, 0x20000010u}, {0x20000100u, 0x30000000u}}), 284u - 44u);
    EXPECT_EQ(image.static_bytes_outside({{0x10000000u, 0x10001000u}}), 300u);

    uint64_t flash = uint64_t(sym("_sidata") - 0x08000000u) + 100;  // code + constants + .data image
    EXPECT_EQ(image.flash_bytes(), flash);
    EXPECT_EQ(image.load_bytes_within(0x08000000u, 64 * 1024), flash);
    EXPECT_EQ(image.load_bytes_within(0x20000000u, 16 * 1024), 0u);
}

TEST_F(ElfImageTest, SymbolLookup) {
    EXPECT_EQ(image.symbol("fixture_data"), 0x20000000u);
    EXPECT_EQ(image.symbol("fixture_bss"), 0x20000064u);  // right after 100 bytes of .data
    EXPECT_EQ(image.symbol("_estack"), 0x20004000u);
    EXPECT_EQ(sym("fixture_add") & 1u, 1u);               // Thumb functions keep bit 0
    EXPECT_EQ(image.symbol("fixture_unused"), std::nullopt);  // removed by --gc-sections
    EXPECT_EQ(image.symbol("$t"), std::nullopt);          // mapping symbols are not names
    EXPECT_EQ(image.symbol("fixture.c"), std::nullopt);   // nor are file symbols
    EXPECT_EQ(image.symbol("no_such_symbol"), std::nullopt);
    EXPECT_EQ(image.symbol(""), std::nullopt);
}

TEST_F(ElfImageTest, FunctionTable) {
    std::vector<std::string> names;
    for (const ElfFunction& f : image.functions()) names.push_back(f.name);
    std::sort(names.begin(), names.end());
    EXPECT_EQ(names, (std::vector<std::string>{"Default_Handler", "Reset_Handler", "fixture_add",
                                               "fixture_bare", "fixture_sum"}));
    for (size_t i = 0; i < image.functions().size(); ++i) {
        const ElfFunction& f = image.functions()[i];
        SCOPED_TRACE(f.name);
        EXPECT_EQ(f.address, sym(f.name.c_str()) & ~1u);
        ASSERT_GT(f.size, 0u);
        EXPECT_EQ(image.function_at(f.address), &f);
        EXPECT_EQ(image.function_at(uint32_t(f.end() - 1)), &f);
        if (i + 1 < image.functions().size()) {
            EXPECT_LE(f.end(), image.functions()[i + 1].address);
        }
    }
    const ElfFunction* add = image.function_named("fixture_add");
    ASSERT_NE(add, nullptr);
    EXPECT_FALSE(add->size_inferred);
    EXPECT_EQ(image.function_at(add->address + 2), add);
}

TEST_F(ElfImageTest, AddressesOutsideFunctions) {
    EXPECT_EQ(image.function_at(0x08000000u), nullptr);  // the vector table is data
    EXPECT_EQ(image.function_at(sym("fixture_table")), nullptr);
    EXPECT_EQ(image.function_at(0x20000000u), nullptr);
    EXPECT_EQ(image.function_at(0), nullptr);
    EXPECT_EQ(image.function_at(0xFFFFFFFFu), nullptr);
    const ElfFunction& last = image.functions().back();
    EXPECT_EQ(image.function_at(uint32_t(last.end())), nullptr);
}

TEST_F(ElfImageTest, WeakAliasesShareOneFunction) {
    const ElfFunction* handler = image.function_named("Default_Handler");
    ASSERT_NE(handler, nullptr);
    EXPECT_EQ(image.function_named("NMI_Handler"), handler);
    EXPECT_EQ(image.function_named("HardFault_Handler"), handler);
    EXPECT_EQ(handler->name, "Default_Handler");  // the global name beats the weak aliases
    std::vector<std::string> aliases = handler->aliases;
    std::sort(aliases.begin(), aliases.end());
    EXPECT_EQ(aliases, (std::vector<std::string>{"HardFault_Handler", "NMI_Handler"}));
    EXPECT_EQ(image.function_named("no_such_function"), nullptr);
    EXPECT_EQ(image.function_named("fixture_data"), nullptr);  // an object, not a function
}

TEST_F(ElfImageTest, SizelessFunctionExtendsToTheNextSymbol) {
    // fixture_bare is two 16-bit Thumb instructions without a .size directive,
    // placed last in .text, right before _etext.
    const ElfFunction* bare = image.function_named("fixture_bare");
    ASSERT_NE(bare, nullptr);
    EXPECT_TRUE(bare->size_inferred);
    EXPECT_EQ(bare->size, 4u);
    EXPECT_EQ(bare->end(), sym("_etext"));
    EXPECT_EQ(image.function_at(bare->address + 3), bare);
    EXPECT_EQ(image.function_at(bare->address + 4), nullptr);
}

TEST_F(ElfImageTest, MovedImageStaysUsable) {
    const ElfFunction* before = image.function_named("fixture_sum");
    ElfImage moved = std::move(image);
    const ElfFunction* after = moved.function_named("fixture_sum");
    ASSERT_NE(after, nullptr);
    EXPECT_EQ(after, before);  // the table moved, its elements did not
    EXPECT_EQ(moved.function_at(after->address), after);
    EXPECT_EQ(moved.path(), kArmElf);
}

TEST(ElfImageErrors, MissingFile) {
    std::string path = kFixtures + "/no_such_file.elf";
    expect_one_line(load_error(path), path, "cannot open");
}

TEST(ElfImageErrors, Directory) {
    expect_one_line(load_error(kFixtures), kFixtures, "not a regular file");
}

TEST(ElfImageErrors, EmptyFile) {
    std::string path = temp_file("empty.elf", {});
    expect_one_line(load_error(path), path, "empty");
}

TEST(ElfImageErrors, RandomBytes) {
    std::mt19937 random(1234);
    std::vector<char> bytes(4096);
    for (char& byte : bytes) byte = char(random());
    bytes[0] = 'M';  // whatever the generator gives, not the ELF magic
    std::string path = temp_file("random.elf", bytes);
    expect_one_line(load_error(path), path, "not an ELF file");
}

TEST(ElfImageErrors, TruncatedArmElf) {
    std::vector<char> bytes = read_file(kArmElf);
    bytes.resize(bytes.size() / 2);
    std::string path = temp_file("truncated.elf", bytes);
    expect_one_line(load_error(path), path, "truncated or malformed");
}

TEST(ElfImageErrors, TruncatedBeforeTheSectionTable) {
    // Segments intact, section headers (and so the symbols) cut off.
    std::vector<char> bytes = read_file(kArmElf);
    bytes.resize(bytes.size() - 100);
    std::string path = temp_file("no_section_table.elf", bytes);
    expect_one_line(load_error(path), path, "truncated or malformed: the section header table");
}

TEST(ElfImageErrors, TruncatedInsideTheElfHeader) {
    std::vector<char> bytes = read_file(kArmElf);
    bytes.resize(20);
    std::string path = temp_file("header_only.elf", bytes);
    expect_one_line(load_error(path), path, "truncated or malformed");
}

TEST(ElfImageErrors, HostExecutableNamesItsMachine) {
    std::string path = kFixtures + "/fixture_host";
    std::string message = load_error(path);
    expect_one_line(message, path, "not 32-bit ARM");
#if defined(__x86_64__)
    EXPECT_NE(message.find("64-bit ELF for x86-64"), std::string::npos) << message;
#elif defined(__aarch64__)
    EXPECT_NE(message.find("64-bit ELF for AArch64"), std::string::npos) << message;
#endif
}

TEST(ElfImageErrors, RelocatableObject) {
    std::string path = kFixtures + "/fixture.o";
    std::string message = load_error(path);
    expect_one_line(message, path, "relocatable object file (ET_REL)");
    EXPECT_NE(message.find("not a linked executable"), std::string::npos) << message;
}

TEST(ElfImageErrors, SegmentBeyondTheFile) {
    std::string path = edited_fixture("beyond.elf", [](GElf_Phdr& h) {
        if (h.p_type == PT_LOAD && (h.p_flags & PF_W)) h.p_filesz = h.p_memsz = 0x100000;
    });
    expect_one_line(load_error(path), path, "truncated or malformed: segment 1 needs file bytes");
}

TEST(ElfImageErrors, SegmentPastTheAddressSpace) {
    std::string path = edited_fixture("wraps.elf", [](GElf_Phdr& h) {
        if (h.p_type == PT_LOAD && (h.p_flags & PF_W)) h.p_vaddr = 0xFFFFFF00u;  // + 300 bytes wraps
    });
    expect_one_line(load_error(path), path, "runs past the 4 GiB address space");
}

TEST(ElfImageErrors, MoreFileBytesThanMemoryBytes) {
    std::string path = edited_fixture("filesz.elf", [](GElf_Phdr& h) {
        if (h.p_type == PT_LOAD && (h.p_flags & PF_W)) h.p_memsz = h.p_filesz - 1;
    });
    expect_one_line(load_error(path), path, "more file bytes (100) than memory bytes (99)");
}

TEST(ElfImageErrors, NoLoadableSegments) {
    std::string path = edited_fixture("noload.elf", [](GElf_Phdr& h) { h.p_type = PT_NULL; });
    expect_one_line(load_error(path), path, "no loadable (PT_LOAD) segments");
}

}  // namespace
}  // namespace mcuprof
