#include "emulator/files/output_path.hpp"

#include "emulator/files/directory_trust.hpp"
#include "emulator/text/error.hpp"

#include <cerrno>
#include <climits>
#include <cstring>
#include <algorithm>
#include <deque>
#include <optional>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace mcuprof {

UniqueFd& UniqueFd::operator=(UniqueFd&& o) noexcept {
    if (this != &o) {
        if (fd_ >= 0) ::close(fd_);
        fd_ = o.release();
    }
    return *this;
}

UniqueFd::~UniqueFd() {
    if (fd_ >= 0) ::close(fd_);
}

namespace {

constexpr int kMaxSymlinks = 40;  // as the kernel's ELOOP limit

// The descriptor a path names without going through the file system.
std::optional<int> descriptor_named(const std::string& path) {
    if (path == "-" || path == "/dev/stdout") return 1;
    if (path == "/dev/stderr") return 2;
    for (const std::string prefix : {"/dev/fd/", "/proc/self/fd/"}) {
        if (path.rfind(prefix, 0) != 0) continue;
        const std::string n = path.substr(prefix.size());
        if (n.empty() || n.size() > 9 || n.find_first_not_of("0123456789") != std::string::npos) return std::nullopt;
        return std::stoi(n);
    }
    return std::nullopt;
}

void split_into(const std::string& path, std::deque<std::string>& rest) {
    std::deque<std::string> parts;
    size_t start = 0;
    while (start <= path.size()) {
        const size_t end = std::min(path.find('/', start), path.size());
        const std::string part = path.substr(start, end - start);
        if (!part.empty() && part != ".") parts.push_back(part);
        start = end + 1;
    }
    rest.insert(rest.begin(), parts.begin(), parts.end());
}

std::string join(const std::string& dir, const std::string& name) {
    if (dir == ".") return name;
    if (dir.empty() || dir == "/") return "/" + name;
    return dir + "/" + name;
}

UniqueFd open_trusted_dir(int at, const std::string& name, const std::string& shown, const std::string& path) {
    UniqueFd fd(::openat(at, name.c_str(), O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC));
    if (!fd) fail("cannot write {}: cannot open directory {}: {}", path, shown, std::strerror(errno));
    struct stat st {};
    if (::fstat(fd.get(), &st) != 0) fail("cannot write {}: {}: {}", path, shown, std::strerror(errno));
    if (const std::string why = untrusted_directory_reason(st); !why.empty()) {
        fail("cannot write {}: directory {} is {}, so that user could redirect the write; write it into a directory "
             "only you control",
             path, shown, why);
    }
    return fd;
}

OutputTarget descriptor_target(int fd, const std::string& path) {
    const int flags = ::fcntl(fd, F_GETFL);
    if (flags < 0) fail("cannot write {}: descriptor {} is not open", path, fd);
    if ((flags & O_ACCMODE) == O_RDONLY) fail("cannot write {}: descriptor {} is open only for reading", path, fd);
    OutputTarget t;
    t.kind = OutputTarget::Kind::Descriptor;
    t.descriptor = fd;
    t.shown = path == "-" ? "standard output" : path;
    return t;
}

}  // namespace

OutputTarget resolve_output_path(const std::string& path) {
    if (path.empty()) fail("an output path is empty; give a file name or - for standard output");
    if (const auto fd = descriptor_named(path)) return descriptor_target(*fd, path);
    const bool names_a_directory = path.back() == '/';
    std::deque<std::string> rest;
    split_into(path, rest);
    std::string shown = path[0] == '/' ? "/" : ".";
    UniqueFd dir = open_trusted_dir(AT_FDCWD, shown, shown, path);
    int links = 0;
    while (!rest.empty()) {
        const std::string name = rest.front();
        rest.pop_front();
        const bool last = rest.empty();
        const std::string here = join(shown, name);
        struct stat st {};
        if (::fstatat(dir.get(), name.c_str(), &st, AT_SYMLINK_NOFOLLOW) != 0) {
            if (errno == ENOENT && last && !names_a_directory) {
                OutputTarget t;
                t.dir = std::move(dir);
                t.name = name;
                t.shown = here;
                return t;
            }
            if (errno == ENOENT) fail("cannot write {}: directory {} does not exist; create it first", path, here);
            fail("cannot write {}: {}: {}", path, here, std::strerror(errno));
        }
        if (S_ISLNK(st.st_mode)) {
            struct stat dir_st {};
            ::fstat(dir.get(), &dir_st);
            if (st.st_uid != ::geteuid() && st.st_uid != dir_st.st_uid) {
                fail("cannot write {}: refusing to follow symlink {}: it is owned by uid {}, neither you nor the "
                     "owner of its directory (uid {}); remove the link or write elsewhere",
                     path, here, st.st_uid, dir_st.st_uid);
            }
            if (++links > kMaxSymlinks) fail("cannot write {}: too many levels of symbolic links", path);
            std::string target(PATH_MAX, '\0');  // not st_size: 0 for links in /proc
            const ssize_t n = ::readlinkat(dir.get(), name.c_str(), target.data(), target.size());
            if (n <= 0 || size_t(n) >= target.size()) fail("cannot write {}: cannot read symlink {}", path, here);
            target.resize(size_t(n));
            if (target[0] == '/') {
                std::string remaining = target;
                for (const std::string& r : rest) remaining.append("/").append(r);
                if (const auto fd = descriptor_named(remaining)) return descriptor_target(*fd, path);
                shown = "/";
                dir = open_trusted_dir(AT_FDCWD, "/", "/", path);
            }
            split_into(target, rest);
            if (rest.empty()) fail("cannot write {}: it is a directory; give a file name", path);
            continue;
        }
        if (S_ISDIR(st.st_mode)) {
            if (last) fail("cannot write {}: it is a directory; give a file name", path);
            dir = open_trusted_dir(dir.get(), name, here, path);
            shown = here;
            continue;
        }
        if (!last || names_a_directory) fail("cannot write {}: {} is not a directory", path, here);
        OutputTarget t;
        t.kind = S_ISREG(st.st_mode) ? OutputTarget::Kind::File : OutputTarget::Kind::Special;
        t.dir = std::move(dir);
        t.name = name;
        t.shown = here;
        return t;
    }
    fail("cannot write {}: it is a directory; give a file name", path);
}

void check_output_paths(const std::vector<std::string>& paths) {
    for (const std::string& p : paths) {
        if (!p.empty()) (void)resolve_output_path(p);
    }
}

bool any_standard_output(const std::vector<std::string>& paths) {
    return std::any_of(paths.begin(), paths.end(),
                       [](const std::string& p) { return !p.empty() && descriptor_named(p) == 1; });
}

}  // namespace mcuprof
