#include "tools/firmware_build/private_dir.hpp"

#include "emulator/files/directory_trust.hpp"
#include "emulator/text/error.hpp"

#include <cctype>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>

#include <sys/stat.h>
#include <unistd.h>

namespace fs = std::filesystem;

namespace mcuprof::planner {
namespace {

std::string kind_of(const struct stat& st) {
    if (S_ISLNK(st.st_mode)) return "a symlink";
    if (S_ISDIR(st.st_mode)) return "a directory";
    if (S_ISREG(st.st_mode)) return "a regular file";
    return "a special file";
}

// Creates path (mode 0700) unless something is already there, then checks
// that it is a private directory of the caller.
std::string ensure_private(const std::string& path) {
    if (::mkdir(path.c_str(), 0700) != 0 && errno != EEXIST) {
        fail("cannot create {}: {}; set TMPDIR to a directory of yours", path, std::strerror(errno));
    }
    struct stat st {};
    if (::lstat(path.c_str(), &st) != 0) fail("cannot check {}: {}", path, std::strerror(errno));
    const bool private_dir = S_ISDIR(st.st_mode) && st.st_uid == ::geteuid() && (st.st_mode & 077) == 0;
    if (!private_dir) {
        fail("refusing to build in {}: it is {} owned by uid {} with mode 0{:o}, not a private directory of uid {} "
             "(mode 0700); another user may have created it: remove it, or set TMPDIR to a directory of yours",
             path, kind_of(st), st.st_uid, st.st_mode & 07777, ::geteuid());
    }
    return path;
}

}  // namespace

std::string private_base_dir() {
    const char* tmp = std::getenv("TMPDIR");
    const std::string parent = tmp != nullptr && *tmp != '\0' ? tmp : "/tmp";
    struct stat st {};
    if (::stat(parent.c_str(), &st) != 0 || !S_ISDIR(st.st_mode)) {
        fail("temporary directory {} does not exist; set TMPDIR to an existing directory", parent);
    }
    if (const std::string why = untrusted_directory_reason(st); !why.empty()) {
        fail("temporary directory {} is {}; set TMPDIR to a directory only you control", parent, why);
    }
    return ensure_private((fs::path(parent) / fmt::format("mcuprof-{}", ::geteuid())).string());
}

std::string private_subdir(const std::string& name) {
    return ensure_private((fs::path(private_base_dir()) / name).string());
}

std::string make_private_dir(const std::string& parent, const std::string& label) {
    std::string safe;
    for (const char c : label.substr(0, 80)) {
        const bool plain = std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '_' || c == '-';
        safe += plain ? c : '_';
    }
    std::string tmpl = (fs::path(parent) / (safe + "-XXXXXX")).string();
    if (::mkdtemp(tmpl.data()) == nullptr) fail("cannot create a directory in {}: {}", parent, std::strerror(errno));
    return tmpl;
}

namespace {

// Refuses an existing work directory that is not a private directory of the caller.
void check_existing_work_dir(const struct stat& st, const std::string& path, const std::string& flag) {
    if (S_ISLNK(st.st_mode)) fail("{} {} is a symlink; give the directory it points to, if it is yours", flag, path);
    if (!S_ISDIR(st.st_mode)) fail("{} {} exists and is {}, not a directory; give a directory", flag, path, kind_of(st));
    if (st.st_uid != ::geteuid()) {
        fail("{} {} is owned by uid {}, not by you (uid {}); give a directory of your own", flag, path, st.st_uid,
             ::geteuid());
    }
    if (const std::string why = untrusted_directory_reason(st); !why.empty()) {
        fail("{} {} is {}; make it private (chmod go-w) or give another directory", flag, path, why);
    }
}

}  // namespace

void check_work_dir(const std::string& path, const std::string& flag) {
    struct stat st {};
    if (::lstat(path.c_str(), &st) != 0) {
        if (errno != ENOENT) fail("{} {}: {}", flag, path, std::strerror(errno));
        return;
    }
    check_existing_work_dir(st, path, flag);
}

void prepare_work_dir(const std::string& path, const std::string& flag) {
    struct stat st {};
    if (::lstat(path.c_str(), &st) != 0) {
        if (errno != ENOENT) fail("{} {}: {}", flag, path, std::strerror(errno));
        const fs::path parent = fs::path(path).parent_path();
        std::error_code ec;
        if (!parent.empty()) fs::create_directories(parent, ec);
        if (ec || (::mkdir(path.c_str(), 0700) != 0 && errno != EEXIST)) {
            fail("{} {}: cannot create it: {}", flag, path, ec ? ec.message() : std::strerror(errno));
        }
        if (::lstat(path.c_str(), &st) != 0) fail("{} {}: {}", flag, path, std::strerror(errno));
    }
    check_existing_work_dir(st, path, flag);
}

}  // namespace mcuprof::planner
