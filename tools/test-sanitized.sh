#!/usr/bin/env bash
# The whole test suite (unit, end-to-end, kernels) built with AddressSanitizer
# and UndefinedBehaviorSanitizer (MCUPROF_SANITIZE=ON: host code only; the
# Cortex-M firmware is built as usual) in build-asan/ (or $MCUPROF_ASAN_BUILD_DIR).
# Any sanitizer report fails the test that triggered it.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="${MCUPROF_ASAN_BUILD_DIR:-$root/build-asan}"
MCUPROF_BUILD_DIR="$build" "$root/tools/build.sh" -DMCUPROF_SANITIZE=ON
# shellcheck source=../tests/sanitizers/options.sh
source "$root/tests/sanitizers/options.sh"
ctest --test-dir "$build" --output-on-failure -j "$(nproc)"
