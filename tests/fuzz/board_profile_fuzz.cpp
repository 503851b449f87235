// libFuzzer target: the board-profile parser. Each input is read as the text
// of a profile; one that validates is handed to what trusts a validated
// profile (the region queries and the linker-script generator). A clean
// rejection (mcuprof::Error) is a pass; a crash, a sanitizer report, a hang or
// any other exception is a finding.
#include "emulator/board/board_profile.hpp"
#include "emulator/board/linker_script.hpp"
#include "emulator/text/error.hpp"

#include <cstdint>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    try {
        const mcuprof::BoardProfile board = mcuprof::parse_board_profile(text, "fuzz.toml");
        (void)board.flash();
        (void)board.main_ram_region();
        (void)board.total_ram_bytes();
        (void)board.region_at(board.flash().base);
        (void)board.peripheral_at(0x40000000);
        (void)mcuprof::generate_linker_script(board, mcuprof::LinkerScriptOptions{});
    } catch (const mcuprof::Error&) {
    }
    return 0;
}
