#include "emulator/atomic_file.hpp"

#include "emulator/error.hpp"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <string>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace mcuprof {
namespace {

// Writes all of content: 0, or the errno of the write that failed.
int write_all(int fd, const std::string& content) {
    size_t done = 0;
    while (done < content.size()) {
        const ssize_t n = ::write(fd, content.data() + done, content.size() - done);
        if (n < 0) {
            if (errno == EINTR) continue;
            return errno;
        }
        done += static_cast<size_t>(n);
    }
    return 0;
}

}  // namespace

void write_file_atomically(const std::string& path, const std::string& content) {
    namespace fs = std::filesystem;
    // A device, FIFO or socket (/dev/stdout, /dev/null, a pipe) is written
    // in place: renaming a file over it would replace the device itself.
    struct stat st {};
    if (::stat(path.c_str(), &st) == 0 && !S_ISREG(st.st_mode)) {
        if (S_ISDIR(st.st_mode)) fail("cannot write {}: it is a directory; give a file name", path);
        const int fd = ::open(path.c_str(), O_WRONLY | O_CLOEXEC);
        if (fd < 0) fail("cannot write {}: {}", path, std::strerror(errno));
        if (const int err = write_all(fd, content)) {
            ::close(fd);
            fail("cannot write {}: {}", path, std::strerror(err));
        }
        if (::close(fd) != 0) fail("cannot write {}: {}", path, std::strerror(errno));
        return;
    }
    const fs::path target(path);
    const fs::path dir = target.has_parent_path() ? target.parent_path() : fs::path(".");
    std::string tmpl = (dir / ("." + target.filename().string() + ".XXXXXX")).string();
    const int fd = mkstemp(tmpl.data());
    if (fd < 0) {
        fail("cannot write {}: {} (check that the directory exists and is writable)", path, std::strerror(errno));
    }
    if (const int err = write_all(fd, content)) {
        ::close(fd);
        ::unlink(tmpl.c_str());
        fail("cannot write {}: {}", path, std::strerror(err));
    }
    // Reports are meant to be read by others: rw-r--r-- like an ordinary file.
    ::fchmod(fd, 0644);
    const bool synced = ::fsync(fd) == 0;
    const int sync_err = errno;
    const bool closed = ::close(fd) == 0;
    if (!synced || !closed) {
        const int err = synced ? errno : sync_err;
        ::unlink(tmpl.c_str());
        fail("cannot write {}: {}", path, std::strerror(err));
    }
    if (std::rename(tmpl.c_str(), path.c_str()) != 0) {
        const int err = errno;
        ::unlink(tmpl.c_str());
        fail("cannot write {}: {}", path, std::strerror(err));
    }
}

}  // namespace mcuprof
