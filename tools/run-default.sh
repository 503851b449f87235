#!/usr/bin/env bash
# The main job on its embedded default: installs what is missing, builds
# mcuprof, profiles the default model (firmware/models/stm32f746.yaml) on the
# default board (stm32f746) and writes the report to
# build/reports/default.json. Extra arguments go to `mcuprof profile`.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="${MCUPROF_BUILD_DIR:-$root/build}"
"$root/tools/build.sh"
mkdir -p "$build/reports"
exec "$build/mcuprof" profile --work-dir "$build/profile-default" --json "$build/reports/default.json" "$@"
