#include "tools/planner/subprocess.hpp"

#include "emulator/error.hpp"

#include <cerrno>
#include <cstring>

#include <fcntl.h>
#include <spawn.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

extern char** environ;

namespace mcuprof::planner {
namespace {

// The log is created, never opened through whatever is at its path: a stale
// log of our own (a reused work directory) is removed first; anything else
// there, a link included, makes the create fail instead of being followed.
int create_log(const std::string& log_path) {
    struct stat st {};
    if (::lstat(log_path.c_str(), &st) == 0 && st.st_uid == ::geteuid() && !S_ISDIR(st.st_mode)) {
        ::unlink(log_path.c_str());
    }
    const int fd = ::open(log_path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0644);
    if (fd < 0) {
        fail("cannot create the build log {}: {}; remove what is there or use another work directory", log_path,
             std::strerror(errno));
    }
    return fd;
}

}  // namespace

int run_program(const std::vector<std::string>& argv, const std::string& log_path) {
    std::vector<char*> args;
    for (const std::string& a : argv) args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    const int log = create_log(log_path);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    // dup2 clears close-on-exec on the child's stdout and stderr only.
    posix_spawn_file_actions_adddup2(&actions, log, 1);
    posix_spawn_file_actions_adddup2(&actions, log, 2);
    pid_t pid = 0;
    const int err = posix_spawnp(&pid, args[0], &actions, nullptr, args.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    ::close(log);
    if (err != 0) return -1;
    int status = 0;
    while (::waitpid(pid, &status, 0) < 0) {
        if (errno == EINTR) continue;
        // ECHILD: the child was reaped behind our back (SIGCHLD ignored), so
        // its status is lost; retrying would loop forever.
        fail("cannot get the exit status of {}: {} (is SIGCHLD ignored?)", argv[0], std::strerror(errno));
    }
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

}  // namespace mcuprof::planner
