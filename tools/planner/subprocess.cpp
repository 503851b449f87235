#include "tools/planner/subprocess.hpp"

#include <atomic>

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

extern char** environ;

namespace mcuprof::planner {
namespace {
std::atomic<pid_t> g_running_child{0};  // the program run_program waits for, if any
}  // namespace

int run_program(const std::vector<std::string>& argv, const std::string& log_path) {
    std::vector<char*> args;
    for (const std::string& a : argv) args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 1, log_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    posix_spawn_file_actions_adddup2(&actions, 1, 2);
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
    posix_spawnattr_destroy(&attributes);
    if (err != 0) return -1;
    g_running_child = pid;
    int status = 0;
    while (waitpid(pid, &status, 0) < 0) {
    }
    g_running_child = 0;
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

void signal_running_program(int signal) {
    const pid_t pid = g_running_child.load();
    if (pid > 0) ::kill(pid, signal);
}

}  // namespace mcuprof::planner
