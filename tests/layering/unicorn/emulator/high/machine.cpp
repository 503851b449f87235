// Unicorn used where the subsystem does not link it.
#include <unicorn/unicorn.h>

int high() { return 0; }
