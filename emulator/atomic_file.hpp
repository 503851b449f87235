// Writes a file atomically: the content goes to a temporary file in the same
// directory, which is renamed over the target only when complete, so a crash
// or error never leaves a half-written report behind. A path naming a device,
// FIFO or socket (/dev/stdout, a pipe) is written in place instead, never
// replaced; a directory is an error.
#pragma once

#include <string>

namespace mcuprof {

void write_file_atomically(const std::string& path, const std::string& content);

}  // namespace mcuprof
