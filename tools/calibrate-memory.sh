#!/usr/bin/env bash
# Memory-system calibration: runs firmware/tests/memory_timing on each STM32
# board under each configuration (cached: the board bring-up with flash
# latency, prefetch/ART and L1 caches on; uncached: the same clock with them
# off; ram: the workload copied to RAM; reset: nothing configured) in both
# timing modes, and prints the cycles and milliseconds of each layer and the
# ratios the published anchors give:
#   STM32F7 at 216 MHz, the same CoreMark from flash (ART + L1) and from RAM
#   (ST AN4667): flash/RAM = 1.0;
#   STM32F723 at 216 MHz, Dhrystone from flash, cache off vs on: 49 vs 245
#   DMIPS, 5x.
# Usage: tools/calibrate-memory.sh [BUILD_DIR]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="${1:-${MCUPROF_BUILD_DIR:-$root/build}}"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

layer() {  # REPORT LAYER FIELD
  python3 -c "import json,sys; r=json.load(open(sys.argv[1])); print(next(l[sys.argv[3]] for l in r['layers'] if l['name']==sys.argv[2]))" "$@"
}

printf '%-10s %-9s %-7s %12s %9s %14s %12s %9s\n' board config timing code_cycles code_ms weights_flash weights_ram clock_MHz
for board in stm32f427 stm32f746 stm32h743; do
  for config in cached uncached ram reset; do
    for timing in block memory; do
      elf="$build/firmware/memory_timing_${config}_${board}.elf"
      "$build/mcuprof" run -q --board "$board" "$elf" --timing "$timing" --json "$tmp/$board-$config-$timing.json" >/dev/null
      r="$tmp/$board-$config-$timing.json"
      hz=$(python3 -c "import json,sys; print(json.load(open(sys.argv[1]))['clock_hz'])" "$r")
      c=$(layer "$r" code cycles)
      printf '%-10s %-9s %-7s %12d %9.3f %14d %12d %9d\n' "$board" "$config" "$timing" "$c" \
        "$(awk -v c="$c" -v hz="$hz" 'BEGIN{print 1000*c/hz}')" \
        "$(layer "$r" weights_flash cycles)" "$(layer "$r" weights_ram cycles)" "$((hz / 1000000))"
    done
  done
done
echo
ratio() { awk -v a="$1" -v b="$2" 'BEGIN{printf "%.2f", a/b}'; }
for board in stm32f427 stm32f746 stm32h743; do
  on=$(layer "$tmp/$board-cached-block.json" code cycles)
  off=$(layer "$tmp/$board-uncached-block.json" code cycles)
  ram=$(layer "$tmp/$board-ram-block.json" code cycles)
  wf=$(layer "$tmp/$board-cached-memory.json" weights_flash cycles)
  wfo=$(layer "$tmp/$board-uncached-memory.json" weights_flash cycles)
  wr=$(layer "$tmp/$board-cached-memory.json" weights_ram cycles)
  wro=$(layer "$tmp/$board-uncached-memory.json" weights_ram cycles)
  echo "$board: code cache off/on $(ratio "$off" "$on") (F723 Dhrystone: 5.0); code flash/RAM $(ratio "$on" "$ram") (AN4667: 1.0); weights flash/RAM (timing memory) $(ratio "$wf" "$wr") cached, $(ratio "$wfo" "$wro") uncached"
done
