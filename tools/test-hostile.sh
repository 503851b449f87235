#!/usr/bin/env bash
# The hostile-input suite on its own (CTest label "hostile"): bad, oversized,
# malicious or racing inputs must end in one clear error line, never a crash,
# a hang, a file written through a link or into another user's directory.
# Expects a build from tools/build.sh (or $MCUPROF_BUILD_DIR).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="${MCUPROF_BUILD_DIR:-$root/build}"
ctest --test-dir "$build" --output-on-failure -L hostile -j "$(nproc)" --timeout 120
