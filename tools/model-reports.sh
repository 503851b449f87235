#!/usr/bin/env bash
# Regenerates reports/models/: each board's MCUFormer-like model
# (firmware/models/<board>.yaml) profiled on that board under token
# overwriting and under the layerwise schedule. Never edit the outputs; run
#   tools/model-reports.sh            (uses build/, or $MCUPROF_BUILD_DIR)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="${MCUPROF_BUILD_DIR:-$root/build}"
out="$root/reports/models"
work="${TMPDIR:-/tmp}/mcuprof-model-reports"
mkdir -p "$out" "$work"
for board in stm32f427 stm32f746 stm32h743; do
  for schedule in overwrite layerwise; do
    name="$board-$schedule"
    echo "model-reports: $name"
    "$build/mcuprof" profile "$root/firmware/models/$board.yaml" --board "$board" --schedule "$schedule" \
      --work-dir "$work/$name" --json "$out/$name.json" > "$out/$name.txt.tmp"
    mv "$out/$name.txt.tmp" "$out/$name.txt"
  done
done
