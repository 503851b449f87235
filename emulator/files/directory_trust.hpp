// Whether a directory is safe for this process to create or replace files in:
// nobody but the caller (and root) can rename, replace or plant entries in it.
// mcuprof often runs as root on shared machines; a directory another local
// user controls would let that user swap a file for a symlink between our
// check and our write, and make a root run overwrite any file.
#pragma once

#include <string>

#include <sys/stat.h>

namespace mcuprof {

// "" when the directory described by st is trusted; otherwise why not, as a
// phrase ("owned by uid 1000", "writable by every user without the sticky bit").
// Trusted: owned by the caller or root, and not writable by group or others
// unless the sticky bit is set (as on /tmp) or the group is the caller's own
// primary group (user-private groups, umask 002).
std::string untrusted_directory_reason(const struct stat& st);

}  // namespace mcuprof
