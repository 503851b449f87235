#!/usr/bin/env bash
# The test command: installs what is missing, builds everything and runs the
# whole test suite (unit, firmware and end-to-end tests) with CTest.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="${MCUPROF_BUILD_DIR:-$root/build}"
"$root/tools/build.sh"
ctest --test-dir "$build" --output-on-failure -j "$(nproc)"
