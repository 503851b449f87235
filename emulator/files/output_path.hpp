// Where a report named on the command line really goes, decided before
// anything is written and without trusting what another local user controls:
//   "-", /dev/stdout, /dev/stderr, /dev/fd/N, /proc/self/fd/N: that descriptor;
//   otherwise the path is walked one component at a time from / (or the
//   working directory), each directory opened and kept open, so a component
//   swapped after the check cannot redirect the write. A symlink is followed
//   only if it is owned by the caller or by the owner of the directory it sits
//   in (Linux's protected_symlinks rule); every directory on the way must be
//   trusted (directory_trust.hpp); the final entry must not be a directory.
#pragma once

#include <string>
#include <vector>

namespace mcuprof {

// An owned file descriptor, closed on destruction.
class UniqueFd {
public:
    UniqueFd() = default;
    explicit UniqueFd(int fd) : fd_(fd) {}
    UniqueFd(UniqueFd&& o) noexcept : fd_(o.release()) {}
    UniqueFd& operator=(UniqueFd&& o) noexcept;
    UniqueFd(const UniqueFd&) = delete;
    UniqueFd& operator=(const UniqueFd&) = delete;
    ~UniqueFd();
    int get() const { return fd_; }
    explicit operator bool() const { return fd_ >= 0; }
    int release() {
        const int fd = fd_;
        fd_ = -1;
        return fd;
    }

private:
    int fd_ = -1;
};

struct OutputTarget {
    enum class Kind {
        Descriptor,  // write to `descriptor`, which stays open
        Special,     // a device, FIFO or socket: open `name` in `dir` and write in place
        File,        // a regular file, existing or not: replace `name` in `dir` atomically
    };
    Kind kind = Kind::File;
    int descriptor = -1;
    UniqueFd dir;        // opened O_PATH; kept so the write happens where the check looked
    std::string name;    // the entry in dir
    std::string shown;   // the resolved path, for messages
};

// Throws Error (one line: which path, which directory or link, what to do)
// when the path cannot or must not be written.
OutputTarget resolve_output_path(const std::string& path);

// Checks every non-empty path as resolve_output_path does, writing nothing:
// called by each command right after parsing, so a bad output path fails
// before a long run rather than after it.
void check_output_paths(const std::vector<std::string>& paths);

// Whether any of the paths names standard output ("-", /dev/stdout,
// /dev/fd/1, /proc/self/fd/1): the command then keeps its own stdout for that
// report and sends the firmware's console and its summary to stderr.
bool any_standard_output(const std::vector<std::string>& paths);

}  // namespace mcuprof
