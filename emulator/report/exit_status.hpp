// The process exit codes of `mcuprof run`, `profile` and `check`, and the one
// mapping of a firmware's exit status onto them. mcuprof keeps 1-4, 125 and
// 128+N (a signal) for itself, so a firmware status could otherwise pass for
// one of those, or (taken modulo 256) turn a failing status into 0:
//   firmware status 0              -> 0
//   firmware status 5..124         -> the same code
//   any other status (1..4, 125 and up, negative: SYS_EXIT_EXTENDED subcodes,
//   abort() and other non-ApplicationExit reasons, which report 1)
//                                  -> 126, with one stderr line giving the status
// The report (exit.code in the JSON) always keeps the full status.
#pragma once

#include "emulator/report/report.hpp"

#include <string>

namespace mcuprof {

namespace exit_codes {
inline constexpr int kDoesNotFit = 1;         // profile: the model does not fit (nothing built)
inline constexpr int kBadInput = 2;
inline constexpr int kInternalError = 3;
inline constexpr int kOutputMismatch = 4;     // profile: output differs from the host reference
inline constexpr int kViolation = 125;        // a violation (fault, budget, limit, hang) stopped the firmware
inline constexpr int kFirmwareStatus = 126;   // the firmware exited with a status outside 0, 5..124
inline constexpr int kSignalBase = 128;       // interrupted by signal N: 128 + N
}  // namespace exit_codes

struct ProcessExit {
    int code = 0;
    std::string note;  // a line for stderr (without "\n") when the code does not say everything, else empty
};

// The process exit code for how a run ended (report.exit).
ProcessExit process_exit_for(const ExitInfo& exit);

// Text for --help: the mapping above in one sentence.
extern const char* const kFirmwareExitHelp;

}  // namespace mcuprof
