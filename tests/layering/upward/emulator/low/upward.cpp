// A lower layer reaching up: the check must refuse it.
#include "emulator/high/high.hpp"

int low() { return high(); }
