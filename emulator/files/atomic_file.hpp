// Writes a report file atomically: the content goes to a temporary file in
// the target's directory, which is renamed over the target only when
// complete, so a crash or error never leaves a half-written report behind
// (mode 0644). Where it goes is decided by resolve_output_path (see
// output_path.hpp): "-" and /dev/stdout, /dev/stderr, /dev/fd/N are written to
// that descriptor; a device, FIFO or socket is written in place, never
// replaced (a FIFO without a reader is an error, not a hang); a symlink is
// followed only under the protected_symlinks rule and the file it points to
// is replaced, not the link; a directory, or a directory another user
// controls, is refused.
#pragma once

#include <string>

namespace mcuprof {

void write_file_atomically(const std::string& path, const std::string& content);

}  // namespace mcuprof
