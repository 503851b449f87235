#include "emulator/files/atomic_file.hpp"

#include "emulator/files/output_path.hpp"
#include "emulator/text/error.hpp"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <random>
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

void write_descriptor(const OutputTarget& t, const std::string& content) {
    std::fflush(nullptr);  // keep the order of what stdio already buffered for the same descriptor
    if (const int err = write_all(t.descriptor, content)) fail("cannot write {}: {}", t.shown, std::strerror(err));
}

void write_special(const OutputTarget& t, const std::string& content) {
    // O_NONBLOCK: opening a FIFO nobody reads fails with ENXIO instead of waiting forever.
    UniqueFd fd(::openat(t.dir.get(), t.name.c_str(), O_WRONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC));
    if (!fd) {
        if (errno == ENXIO) {
            fail("cannot write {}: it is a FIFO with no reader (or a socket); start the reader first or give a file "
                 "name",
                 t.shown);
        }
        fail("cannot write {}: {}", t.shown, std::strerror(errno));
    }
    ::fcntl(fd.get(), F_SETFL, ::fcntl(fd.get(), F_GETFL) & ~O_NONBLOCK);
    if (const int err = write_all(fd.get(), content)) fail("cannot write {}: {}", t.shown, std::strerror(err));
    if (::close(fd.release()) != 0) fail("cannot write {}: {}", t.shown, std::strerror(errno));
}

// A new temporary file next to the target, created O_EXCL (never an existing
// file or a link planted under its name).
std::pair<UniqueFd, std::string> create_temporary(const OutputTarget& t) {
    static thread_local std::mt19937_64 random{std::random_device{}()};
    for (int attempt = 0; attempt < 100; ++attempt) {
        const std::string name = fmt::format(".{}.{:08x}", t.name.substr(0, 200), uint32_t(random()));
        UniqueFd fd(::openat(t.dir.get(), name.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600));
        if (fd) return {std::move(fd), name};
        if (errno != EEXIST) {
            fail("cannot write {}: {} (check that its directory is writable)", t.shown, std::strerror(errno));
        }
    }
    fail("cannot write {}: could not create a temporary file next to it", t.shown);
}

void replace_file(const OutputTarget& t, const std::string& content) {
    // Not a structured binding: clang 14 (the fuzz build) cannot capture one in a lambda.
    auto created = create_temporary(t);
    UniqueFd& fd = created.first;
    const std::string& temp = created.second;
    auto give_up = [&](int err) {
        ::unlinkat(t.dir.get(), temp.c_str(), 0);
        fail("cannot write {}: {}", t.shown, std::strerror(err));
    };
    if (const int err = write_all(fd.get(), content)) give_up(err);
    // Reports are meant to be read by others: rw-r--r-- like an ordinary file.
    if (::fchmod(fd.get(), 0644) != 0 || ::fsync(fd.get()) != 0) give_up(errno);
    if (::close(fd.release()) != 0) give_up(errno);
    if (::renameat(t.dir.get(), temp.c_str(), t.dir.get(), t.name.c_str()) != 0) give_up(errno);
}

}  // namespace

void write_file_atomically(const std::string& path, const std::string& content) {
    const OutputTarget target = resolve_output_path(path);
    switch (target.kind) {
        case OutputTarget::Kind::Descriptor: return write_descriptor(target, content);
        case OutputTarget::Kind::Special: return write_special(target, content);
        case OutputTarget::Kind::File: return replace_file(target, content);
    }
}

}  // namespace mcuprof
