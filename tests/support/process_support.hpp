// Runs a command line through the shell and collects its merged output and
// exit status, for end-to-end tests of the mcuprof binary and of QEMU; and the
// command lines of those programs.
#pragma once

#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <string>

namespace mcuprof::test {

struct ProcessResult {
    int status = -1;  // exit status, or -1 if it did not exit normally
    std::string output;
};

inline ProcessResult run_command(const std::string& command) {
    ProcessResult result;
    FILE* pipe = popen((command + " 2>&1").c_str(), "r");
    if (pipe == nullptr) return result;
    std::array<char, 4096> buffer{};
    size_t n = 0;
    while ((n = fread(buffer.data(), 1, buffer.size(), pipe)) > 0) result.output.append(buffer.data(), n);
    const int status = pclose(pipe);
    if (WIFEXITED(status)) result.status = WEXITSTATUS(status);
    return result;
}

// The mcuprof binary under test with `args`, as a command line; for tests
// that put a time limit, variables or redirections around it.
inline std::string mcuprof_command(const std::string& args) { return std::string(MCUPROF_BINARY) + " " + args; }

inline ProcessResult mcuprof(const std::string& args) { return run_command(mcuprof_command(args)); }

// The firmware build's linker-script program, built in the same tree.
inline std::string linker_script_tool() {
    return (std::filesystem::path(MCUPROF_BINARY).parent_path() / "tools/linker-script/mcuprof-linker-script").string();
}

// QEMU running `elf` on one of its Arm machines, semihosting to this console.
inline std::string qemu_command(const std::string& machine, const std::string& elf) {
    return "qemu-system-arm -M " + machine +
           " -semihosting-config enable=on,target=native -nographic -monitor none -serial none -kernel " + elf;
}

}  // namespace mcuprof::test
