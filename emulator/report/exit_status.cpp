#include "emulator/report/exit_status.hpp"

#include <fmt/format.h>

namespace mcuprof {

const char* const kFirmwareExitHelp =
    "a firmware exit status of 0 gives 0 and 5..124 pass through unchanged; any other status (1-4, 125 and "
    "up, negative, abort()) gives 126 with a line on stderr giving the status, which the report keeps in full";

ProcessExit process_exit_for(const ExitInfo& exit) {
    if (exit.reason == "interrupted") return {exit_codes::kSignalBase + exit.code, {}};
    if (exit.reason != "exit") return {exit_codes::kViolation, {}};
    const int status = exit.code;
    if (status == 0 || (status >= 5 && status <= 124)) return {status, {}};
    return {exit_codes::kFirmwareStatus,
            fmt::format("mcuprof: firmware exited with status {} (exit code {}: only statuses 0 and 5..124 pass "
                        "through unchanged; the report keeps the full status)",
                        status, exit_codes::kFirmwareStatus)};
}

}  // namespace mcuprof
