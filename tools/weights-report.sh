#!/usr/bin/env bash
# reports/weights/: each board's default model with its weights executed from
# flash (the generated firmware's caches on, then off) and staged in SRAM
# (eq. 5 accounting), patch kernel 4, token overwriting, all in timing mode
# "memory" (every load priced: weights read from flash pay the flash latency
# or a data-cache miss). One JSON report per run and summary.md side by side:
# measured peak and latency. Called by tools/regen-reports.sh (part "weights").
# Usage: tools/weights-report.sh   (uses build/, or $MCUPROF_BUILD_DIR)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="${MCUPROF_BUILD_DIR:-$root/build}"
mcuprof="$build/mcuprof"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
out="$root/reports/weights"
mkdir -p "$out"

run() {  # board name schedule caches
  local board="$1" name="$2" schedule="$3" caches="$4"
  echo "weights-report: $board $name"
  "$mcuprof" profile "$root/firmware/models/$board.yaml" --board "$board" --schedule "$schedule" \
    --board-caches "$caches" --timing memory --work-dir "$work/$board-$name" \
    --json "$out/$board-$name.json" > /dev/null
}
for board in stm32f427 stm32f746 stm32h743; do
  run "$board" flash-cached overwrite,patch=4 on
  run "$board" flash-uncached overwrite,patch=4 off
  run "$board" sram-staged overwrite,patch=4,weights=sram on
done

python3 - "$out" > "$out/summary.md.tmp" <<'PY'
import json, os, sys
out = sys.argv[1]
print("# Weights from flash (caches on / off) vs staged in SRAM\n")
print("Default model of each board, token overwriting, patch kernel 4, timing mode `memory`")
print("(tools/weights-report.sh). Peak: the largest measured arena peak of any layer.\n")
print("| board | weights | memory system at the end | peak arena bytes | cycles | data stall cycles | latency ms |")
print("| --- | --- | --- | --- | --- | --- | --- |")
for board in ("stm32f427", "stm32f746", "stm32h743"):
    for name, label in (("flash-cached", "flash, caches on"), ("flash-uncached", "flash, caches off"),
                        ("sram-staged", "staged in SRAM")):
        r = json.load(open(os.path.join(out, f"{board}-{name}.json")))
        rep = r.get("report", r)
        peak = max((l.get("arena_peak_bytes") or 0) for l in rep["layers"])
        ms = rep.get("estimated_ms", rep["cycles"] * 1000.0 / rep["clock_hz"])
        print(f"| {board} | {label} | {rep['model']['memory_configuration']} | {peak} | {rep['cycles']} | "
              f"{rep['model']['data_stall_cycles']} | {ms:.1f} |")
PY
mv "$out/summary.md.tmp" "$out/summary.md"
