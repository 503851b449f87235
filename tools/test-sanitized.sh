#!/usr/bin/env bash
# The whole test suite (unit, end-to-end, kernels) built with AddressSanitizer
# and UndefinedBehaviorSanitizer (MCUPROF_SANITIZE=ON: host code only) in
# build-asan/ (or $MCUPROF_ASAN_BUILD_DIR). Any sanitizer report fails the test
# that triggered it.
#
# The Cortex-M firmware does not depend on the host sanitizers: when build/ (or
# $MCUPROF_BUILD_DIR) is a configured build, as after tools/test.sh, its images
# are brought up to date there and copied (MCUPROF_PREBUILT_FIRMWARE_DIR,
# cmake/PrebuiltFirmware.cmake) instead of being cross-compiled again; without
# it they are cross-compiled here.
#
# The host code is compiled at -O1 with line tables (-g1) instead of
# RelWithDebInfo's -O2 -g (NDEBUG as before): -O1 is the level the ASan
# documentation advises, line tables are all a report's stack trace needs
# (file:line per frame), and together they take the compile time of a large
# file from 55 to 26 CPU seconds (tools/mcuprof/profile_command.cpp, gcc 12).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="${MCUPROF_ASAN_BUILD_DIR:-$root/build-asan}"
normal="${MCUPROF_BUILD_DIR:-$root/build}"
if [ -f "$normal/CMakeCache.txt" ]; then
  prebuilt="$(cd "$normal" && pwd)"
  echo "test-sanitized: firmware images from $prebuilt/firmware"
else
  prebuilt=""
  echo "test-sanitized: $normal is not a configured build; cross-compiling the firmware in $build"
fi
flags="-O1 -g1 -DNDEBUG"
MCUPROF_BUILD_DIR="$build" "$root/tools/build.sh" -DMCUPROF_SANITIZE=ON \
  "-DMCUPROF_PREBUILT_FIRMWARE_DIR=$prebuilt" \
  "-DCMAKE_C_FLAGS_RELWITHDEBINFO=$flags" "-DCMAKE_CXX_FLAGS_RELWITHDEBINFO=$flags"
# shellcheck source=../tests/sanitizers/options.sh
source "$root/tests/sanitizers/options.sh"
ctest --test-dir "$build" --output-on-failure -j "$(nproc)"
