// Runs an external program (the cross-compiler) with an argument vector, no
// shell, its output captured to a log file.
#pragma once

#include <string>
#include <vector>

namespace mcuprof::planner {

// Runs argv[0] (looked up on PATH) and waits. Returns the exit status (or -1
// when it could not run or died of a signal); stdout and stderr go to log_path,
// created anew (O_EXCL, never through a symlink). Throws Error when the log
// cannot be created or the child's status is lost (SIGCHLD ignored).
int run_program(const std::vector<std::string>& argv, const std::string& log_path);

// Sends signal to the program run_program is waiting for, if any (any thread:
// mcuprof's signal watcher stops the compiler on SIGTERM).
void signal_running_program(int signal);

}  // namespace mcuprof::planner
