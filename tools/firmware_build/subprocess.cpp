#include "tools/firmware_build/subprocess.hpp"

#include "emulator/text/error.hpp"

#include <atomic>
#include <cerrno>
#include <cstring>

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

extern char** environ;

namespace mcuprof::planner {
namespace {

std::atomic<pid_t> g_running_child{0};  // the program run_program waits for, if any

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
    // mcuprof may block SIGINT/SIGTERM (its signal watcher): the child starts
    // with none blocked and their default actions, so Ctrl-C stops it too.
    posix_spawnattr_t attributes;
    posix_spawnattr_init(&attributes);
    sigset_t none;
    sigemptyset(&none);
    sigset_t defaults;
    sigemptyset(&defaults);
    sigaddset(&defaults, SIGINT);
    sigaddset(&defaults, SIGTERM);
    posix_spawnattr_setsigmask(&attributes, &none);
    posix_spawnattr_setsigdefault(&attributes, &defaults);
    posix_spawnattr_setflags(&attributes, POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);
    pid_t pid = 0;
    const int err = posix_spawnp(&pid, args[0], &actions, &attributes, args.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    ::close(log);
    posix_spawnattr_destroy(&attributes);
    if (err != 0) return -1;
    g_running_child = pid;
    int status = 0;
    while (::waitpid(pid, &status, 0) < 0) {
        if (errno == EINTR) continue;
        g_running_child = 0;
        // ECHILD: the child was reaped behind our back (SIGCHLD ignored), so
        // its status is lost; retrying would loop forever.
        fail("cannot get the exit status of {}: {} (is SIGCHLD ignored?)", argv[0], std::strerror(errno));
    }
    g_running_child = 0;
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

void signal_running_program(int signal) {
    const pid_t pid = g_running_child.load();
    if (pid > 0) ::kill(pid, signal);
}

}  // namespace mcuprof::planner
