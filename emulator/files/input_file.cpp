#include "emulator/files/input_file.hpp"

#include "emulator/text/error.hpp"

#include <algorithm>
#include <cerrno>
#include <cstring>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace mcuprof {
namespace {

const char* file_type(mode_t mode) {
    if (S_ISDIR(mode)) return "a directory";
    if (S_ISFIFO(mode)) return "a FIFO (named pipe)";
    if (S_ISCHR(mode)) return "a character device";
    if (S_ISBLK(mode)) return "a block device";
    if (S_ISSOCK(mode)) return "a socket";
    return "a special file";
}

[[noreturn]] void not_regular(const std::string& path, const InputKind& kind, mode_t mode) {
    fail("{}: the {} is {}, not a regular file; give {}", path, kind.what, file_type(mode), kind.give);
}

[[noreturn]] void too_large(const std::string& path, const InputKind& kind, std::string_view size) {
    fail("{}: the {} is {}, over the limit of {} MiB for a {}; give {}", path, kind.what, size,
         kind.max_bytes / kMiB, kind.what, kind.give);
}

struct Descriptor {
    int fd;
    ~Descriptor() { ::close(fd); }
};

// O_NONBLOCK: opening a FIFO without a writer must not wait for one (a
// regular file ignores the flag). O_NOCTTY: a terminal never becomes ours.
int open_input(const std::string& path, const InputKind& kind) {
    const int fd = ::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
    if (fd >= 0) return fd;
    const int error = errno;
    struct stat info {};
    // A socket cannot be opened at all (ENXIO): say what it is.
    if (::stat(path.c_str(), &info) == 0 && !S_ISREG(info.st_mode)) not_regular(path, kind, info.st_mode);
    fail("{}: cannot open the {}: {}; check the path", path, kind.what, std::strerror(error));
}

template <typename Bytes>
Bytes read_capped(const std::string& path, const InputKind& kind) {
    const Descriptor file{open_input(path, kind)};
    struct stat info {};
    if (::fstat(file.fd, &info) != 0) {
        fail("{}: cannot read the {}: {}; check the file", path, kind.what, std::strerror(errno));
    }
    if (!S_ISREG(info.st_mode)) not_regular(path, kind, info.st_mode);
    if (uint64_t(info.st_size) > kind.max_bytes) too_large(path, kind, fmt::format("{} bytes", info.st_size));

    // Up to one byte past the limit: a file that grew since fstat is caught
    // without reading on.
    Bytes bytes;
    bytes.resize(size_t(info.st_size) + 1);
    size_t done = 0;
    while (true) {
        if (done == bytes.size()) {
            if (bytes.size() > kind.max_bytes) too_large(path, kind, "growing while read");
            bytes.resize(std::min<uint64_t>(uint64_t(bytes.size()) * 2, kind.max_bytes + 1));
        }
        const ssize_t got = ::read(file.fd, bytes.data() + done, bytes.size() - done);
        if (got < 0 && errno == EINTR) continue;
        if (got < 0) fail("{}: cannot read the {}: {}; check the file", path, kind.what, std::strerror(errno));
        if (got == 0) break;
        done += size_t(got);
    }
    bytes.resize(done);
    return bytes;
}

}  // namespace

std::string read_input_file(const std::string& path, const InputKind& kind) {
    return read_capped<std::string>(path, kind);
}

std::vector<char> read_input_bytes(const std::string& path, const InputKind& kind) {
    return read_capped<std::vector<char>>(path, kind);
}

}  // namespace mcuprof
