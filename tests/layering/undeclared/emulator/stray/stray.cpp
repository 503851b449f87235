// A folder no CMakeLists.txt declares as a subsystem.
#include "emulator/low/low.hpp"

int stray() { return low(); }
