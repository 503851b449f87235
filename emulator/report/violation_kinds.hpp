// The kinds of violation a run can report, and the exit reason each implies.
#pragma once

#include <string>

namespace mcuprof::kinds {

// Memory.
inline const std::string kUnmapped = "unmapped";                // data access where the board has nothing
inline const std::string kNullPointer = "null-pointer";         // access or jump near address 0 (the null guard)
inline const std::string kExecUninitialised = "exec-uninitialised";  // jump into RAM nothing ever wrote
inline const std::string kSramBudget = "sram-budget";           // RAM that exists but lies beyond --sram-budget
inline const std::string kFlashBudget = "flash-budget";         // flash beyond --flash-budget
inline const std::string kFlashWrite = "flash-write";           // ordinary store to flash
inline const std::string kExecUnmapped = "exec-unmapped";       // jump to an address with no memory
inline const std::string kExecNonExecutable = "exec-non-executable";  // fetch from data-only memory (CCM, DTCM)
inline const std::string kStackOverflow = "stack-overflow";     // SP below the stack limit
inline const std::string kPeripheral = "peripheral";            // peripheral access under the trap policy
inline const std::string kBusFault = "bus-fault";
// Instructions and exceptions.
inline const std::string kUndefinedInstruction = "undefined-instruction";
inline const std::string kCoprocessor = "coprocessor";
inline const std::string kInvalidState = "invalid-state";
inline const std::string kUnaligned = "unaligned";
inline const std::string kDivideByZero = "divide-by-zero";
inline const std::string kBkpt = "bkpt";                        // BKPT other than 0xAB
inline const std::string kSvc = "svc";                          // SVC (no exception model)
inline const std::string kSemihosting = "semihosting";          // unsupported semihosting call
inline const std::string kFault = "fault";                      // any other processor fault
// Runaway.
inline const std::string kLimit = "limit";                      // instruction limit reached
inline const std::string kHang = "hang";                        // branch to itself
inline const std::string kPeripheralPoll = "peripheral-poll";   // endless wait on a tolerated peripheral

// "budget" for what overran a memory budget, "limit" for runaways, else "fault".
inline std::string exit_reason(const std::string& kind) {
    if (kind == kSramBudget || kind == kFlashBudget || kind == kStackOverflow) return "budget";
    if (kind == kLimit || kind == kHang || kind == kPeripheralPoll) return "limit";
    return "fault";
}

}  // namespace mcuprof::kinds
