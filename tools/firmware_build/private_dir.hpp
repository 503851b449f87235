// The directories mcuprof builds firmware in, private to the calling user.
// mcuprof runs as root on shared machines: a fixed, predictable path under
// /tmp would let another local user create it first (or plant a symlink
// there) and have a root build write wherever that user likes, or feed it
// objects. So every build directory is either
//   - made fresh with mkdtemp inside a per-user base, $TMPDIR (or /tmp) then
//     mcuprof-<euid>, mode 0700, checked to be a real directory of the caller
//     with no group or other permissions; or
//   - a --work-dir the user named, checked the same way (see prepare_work_dir).
#pragma once

#include <string>

namespace mcuprof::planner {

// $TMPDIR/mcuprof-<euid> (or /tmp/...), created 0700 if missing. Throws Error
// naming the path, its owner and what to do when it is anything but a private
// directory of the caller.
std::string private_base_dir();

// <private base>/<name>, created 0700 if missing and checked like the base
// (the kernel object cache: "kernel-cache").
std::string private_subdir(const std::string& name);

// A new directory <parent>/<label>-XXXXXX (mkdtemp, mode 0700); label is
// reduced to letters, digits, '.', '_' and '-'.
std::string make_private_dir(const std::string& parent, const std::string& label);

// A user-given work directory (`flag` names the option in messages): created
// 0700 if missing; refused (Error) if it is a symlink, not a directory, owned
// by another user, or writable by group or others without the sticky bit.
void prepare_work_dir(const std::string& path, const std::string& flag);

// The same checks without creating anything (a missing directory passes), so
// a command can refuse a bad --work-dir before its long work and create it
// only when it builds.
void check_work_dir(const std::string& path, const std::string& flag);

}  // namespace mcuprof::planner
