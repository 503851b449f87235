#include "emulator/semihost/semihosting_abi.hpp"

#include <fmt/format.h>

namespace mcuprof::semihosting {

std::string operation_name(uint32_t op) {
    switch (op) {
    case SYS_OPEN: return "SYS_OPEN";
    case SYS_CLOSE: return "SYS_CLOSE";
    case SYS_WRITEC: return "SYS_WRITEC";
    case SYS_WRITE0: return "SYS_WRITE0";
    case SYS_WRITE: return "SYS_WRITE";
    case SYS_READ: return "SYS_READ";
    case SYS_READC: return "SYS_READC";
    case SYS_ISERROR: return "SYS_ISERROR";
    case SYS_ISTTY: return "SYS_ISTTY";
    case SYS_SEEK: return "SYS_SEEK";
    case SYS_FLEN: return "SYS_FLEN";
    case SYS_TMPNAM: return "SYS_TMPNAM";
    case SYS_REMOVE: return "SYS_REMOVE";
    case SYS_RENAME: return "SYS_RENAME";
    case SYS_CLOCK: return "SYS_CLOCK";
    case SYS_TIME: return "SYS_TIME";
    case SYS_SYSTEM: return "SYS_SYSTEM";
    case SYS_ERRNO: return "SYS_ERRNO";
    case SYS_GET_CMDLINE: return "SYS_GET_CMDLINE";
    case SYS_HEAPINFO: return "SYS_HEAPINFO";
    case SYS_EXIT: return "SYS_EXIT";
    case SYS_EXIT_EXTENDED: return "SYS_EXIT_EXTENDED";
    case SYS_ELAPSED: return "SYS_ELAPSED";
    case SYS_TICKFREQ: return "SYS_TICKFREQ";
    default: return fmt::format("operation {:#x}", op);
    }
}

std::string exit_reason_name(uint32_t reason) {
    switch (reason) {
    case ADP_Stopped_BranchThroughZero: return "BranchThroughZero";
    case ADP_Stopped_UndefinedInstr: return "UndefinedInstr";
    case ADP_Stopped_SoftwareInterrupt: return "SoftwareInterrupt";
    case ADP_Stopped_PrefetchAbort: return "PrefetchAbort";
    case ADP_Stopped_DataAbort: return "DataAbort";
    case ADP_Stopped_AddressException: return "AddressException";
    case ADP_Stopped_IRQ: return "IRQ";
    case ADP_Stopped_FIQ: return "FIQ";
    case ADP_Stopped_BreakPoint: return "BreakPoint";
    case ADP_Stopped_WatchPoint: return "WatchPoint";
    case ADP_Stopped_StepComplete: return "StepComplete";
    case ADP_Stopped_RunTimeErrorUnknown: return "RunTimeErrorUnknown";
    case ADP_Stopped_InternalError: return "InternalError";
    case ADP_Stopped_UserInterruption: return "UserInterruption";
    case ADP_Stopped_ApplicationExit: return "ApplicationExit";
    case ADP_Stopped_StackOverflow: return "StackOverflow";
    case ADP_Stopped_DivisionByZero: return "DivisionByZero";
    case ADP_Stopped_OSSpecific: return "OSSpecific";
    default: return fmt::format("reason {:#x}", reason);
    }
}

}  // namespace mcuprof::semihosting
