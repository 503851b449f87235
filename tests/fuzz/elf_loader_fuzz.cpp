// libFuzzer target: the ELF loader. Each input is read as a firmware ELF by
// ElfImage and by SourceLines; an image that parses is queried and placed into
// an emulated STM32F746 by load_image. A clean rejection (mcuprof::Error) is a
// pass; a crash, a sanitizer report, a hang or any other exception is a finding.
#include "emulator/board/board_profile.hpp"
#include "emulator/core/image_loader.hpp"
#include "emulator/core/machine.hpp"
#include "emulator/elf/elf_image.hpp"
#include "emulator/elf/source_lines.hpp"
#include "emulator/text/error.hpp"

#include <cstdint>
#include <cstring>
#include <vector>

namespace {

// One machine for the whole run (opening Unicorn per input would dominate);
// its memory is reset to the power-on state before each load.
mcuprof::Machine& machine() {
    static mcuprof::Machine instance(mcuprof::find_board("stm32f746"), mcuprof::MachineOptions{});
    return instance;
}

void reset_memory(mcuprof::Machine& m) {
    std::memset(m.flash().host, 0xFF, m.flash().region->size);
    for (const mcuprof::MemoryArea& area : m.ram()) std::memset(area.host, 0, area.region->size);
}

void load_image(const std::vector<char>& bytes) {
    const mcuprof::ElfImage image = mcuprof::ElfImage::from_memory("fuzz.elf", bytes);
    const uint32_t entry = image.entry() & ~uint32_t(1);
    (void)image.function_at(entry);
    (void)image.function_named("main");
    (void)image.symbol("__StackLimit");
    (void)image.static_bytes_within(0x20000000, 0x50000);
    (void)image.static_bytes_outside({{0x20000000, 0x20001000}});
    (void)image.load_bytes_within(0x08000000, 0x100000);
    mcuprof::Machine& m = machine();
    reset_memory(m);
    mcuprof::load_image(m, image);
}

void read_lines(const std::vector<char>& bytes) {
    const mcuprof::SourceLines lines = mcuprof::SourceLines::from_memory("fuzz.elf", bytes);
    for (uint32_t address : {0x08000000u, 0x08000100u, 0x08000400u}) (void)lines.lookup(address);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::vector<char> bytes(data, data + size);
    try {
        load_image(bytes);
    } catch (const mcuprof::Error&) {
    }
    try {
        read_lines(bytes);
    } catch (const mcuprof::Error&) {
    }
    return 0;
}
