#include "emulator/files/directory_trust.hpp"

#include <fmt/format.h>

#include <unistd.h>

namespace mcuprof {

std::string untrusted_directory_reason(const struct stat& st) {
    const uid_t me = ::geteuid();
    if (st.st_uid != me && st.st_uid != 0) return fmt::format("owned by another user (uid {})", st.st_uid);
    // With the sticky bit, only an entry's owner can rename or delete it.
    if ((st.st_mode & S_ISVTX) != 0) return "";
    if ((st.st_mode & S_IWOTH) != 0) {
        return fmt::format("writable by every user (mode 0{:o}, no sticky bit)", st.st_mode & 07777);
    }
    if ((st.st_mode & S_IWGRP) != 0 && st.st_gid != ::getegid()) {
        return fmt::format("writable by group {} (mode 0{:o}, no sticky bit)", st.st_gid, st.st_mode & 07777);
    }
    return "";
}

}  // namespace mcuprof
