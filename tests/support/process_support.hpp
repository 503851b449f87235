// Runs a command line through the shell and collects its merged output and
// exit status, for end-to-end tests of the mcuprof binary and of QEMU.
#pragma once

#include <sys/wait.h>

#include <array>
#include <cstdio>
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

}  // namespace mcuprof::test
