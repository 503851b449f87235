#include "emulator/high/high.hpp"
#include "emulator/low/low.hpp"

#include <cstdint>

int high() { return low(); }
