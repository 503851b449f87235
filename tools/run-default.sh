#!/usr/bin/env bash
# The main job on its embedded default: installs what is missing, builds
# mcuprof and the bundled example firmware, runs it on the default board
# (stm32f746) and writes the report to build/reports/default.json.
# Until the planner lands (issue 4) the default is the bundled example
# firmware; extra arguments go to `mcuprof run`.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="${MCUPROF_BUILD_DIR:-$root/build}"
"$root/tools/build.sh"
mkdir -p "$build/reports"
exec "$build/mcuprof" run --board stm32f746 "$build/firmware/hello-stm32f746.elf" \
  --json "$build/reports/default.json" "$@"
