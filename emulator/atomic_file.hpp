// Writes a file atomically: the content goes to a temporary file in the same
// directory, which is renamed over the target only when complete, so a crash
// or error never leaves a half-written report behind.
#pragma once

#include <string>

namespace mcuprof {

void write_file_atomically(const std::string& path, const std::string& content);

}  // namespace mcuprof
