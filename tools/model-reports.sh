#!/usr/bin/env bash
# Regenerates reports/models/: each board's MCUFormer-like model
# (firmware/models/<board>.yaml) profiled on that board under token
# overwriting (greedy-by-size and lifetime-first offsets) and under the
# layerwise schedule, and with weights staged in SRAM (eq. 5's accounting)
# through the decomposed patch embedding (4x4 sub-kernels). Never edit the
# outputs; run
#   tools/model-reports.sh            (uses build/, or $MCUPROF_BUILD_DIR)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="${MCUPROF_BUILD_DIR:-$root/build}"
out="$root/reports/models"
work="${TMPDIR:-/tmp}/mcuprof-model-reports"
mkdir -p "$out" "$work"
for board in stm32f427 stm32f746 stm32h743; do
  for run in overwrite:greedy overwrite:lifetime layerwise:greedy overwrite,patch=4,weights=sram:greedy; do
    schedule="${run%%:*}"
    strategy="${run##*:}"
    name="$board-$(printf '%s' "$schedule" | tr ',=' '--')-$strategy"
    echo "model-reports: $name"
    "$build/mcuprof" profile "$root/firmware/models/$board.yaml" --board "$board" --schedule "$schedule" \
      --strategy "$strategy" --timing memory --work-dir "$work/$name" --json "$out/$name.json" > "$out/$name.txt.tmp"
    mv "$out/$name.txt.tmp" "$out/$name.txt"
  done
done
