#!/usr/bin/env bash
# Speed benchmark: the same firmware (firmware/bench, about a second of
# emulation) under bare Unicorn (no hooks), under mcuprof's default mode, and
# under qemu-system-arm for reference. Prints emulated instructions per second
# and mcuprof's throughput as a ratio of bare Unicorn's (goal: >= 0.8).
# Usage: tools/bench/run-bench.sh [BUILD_DIR]   (best of 3 runs each)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
build="${1:-${MCUPROF_BUILD_DIR:-$root/build}}"
runs=3
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

best() { sort -g | head -n 1; }

printf '%-10s %-10s %14s %10s %10s %10s %10s\n' board runner instructions seconds MIPS ratio realtime
for board in stm32f746 stm32f427; do
  elf="$build/firmware/bench_${board}.elf"
  for i in $(seq $runs); do
    "$build/mcuprof-bare-unicorn" "$board" "$elf" 2>/dev/null | awk '/^bare_seconds/{print $2}'
  done | best > "$tmp/bare"
  for i in $(seq $runs); do
    "$build/mcuprof" run -q --board "$board" "$elf" --json "$tmp/r$i.json" >/dev/null
    python3 -c "import json,sys; print(json.load(open(sys.argv[1]))['wall_seconds'])" "$tmp/r$i.json"
  done | best > "$tmp/prof"
  read -r insns cycles clock < <(python3 -c "import json,sys; r=json.load(open(sys.argv[1])); print(r['instructions'], r['cycles'], r['clock_hz'])" "$tmp/r1.json")
  bare=$(cat "$tmp/bare"); prof=$(cat "$tmp/prof")
  awk -v b="$board" -v n="$insns" -v s="$bare" 'BEGIN{printf "%-10s %-10s %14d %10.3f %10.1f %10s %10s\n", b, "unicorn", n, s, n/s/1e6, "1.00", "-"}'
  awk -v b="$board" -v n="$insns" -v s="$prof" -v bs="$bare" -v c="$cycles" -v hz="$clock" \
    'BEGIN{printf "%-10s %-10s %14d %10.3f %10.1f %10.2f %10.3f\n", b, "mcuprof", n, s, n/s/1e6, bs/s, (c/hz)/s}'
done
if command -v qemu-system-arm >/dev/null; then
  elf="$build/firmware/bench_mps2-an500.elf"
  for i in $(seq $runs); do
    start=$(date +%s.%N)
    qemu-system-arm -M mps2-an500 -semihosting-config enable=on,target=native -nographic -monitor none \
      -serial none -kernel "$elf" >/dev/null 2>&1
    end=$(date +%s.%N)
    awk -v a="$start" -v b="$end" 'BEGIN{print b - a}'
  done | best > "$tmp/qemu"
  "$build/mcuprof" run -q --board mps2-an500 "$elf" --json "$tmp/q.json" >/dev/null
  read -r insns prof < <(python3 -c "import json,sys; r=json.load(open(sys.argv[1])); print(r['instructions'], r['wall_seconds'])" "$tmp/q.json")
  q=$(cat "$tmp/qemu")
  awk -v n="$insns" -v s="$q" 'BEGIN{printf "%-10s %-10s %14d %10.3f %10.1f %10s %10s  (process time, start-up included)\n", "mps2-an500", "qemu", n, s, n/s/1e6, "-", "-"}'
  awk -v n="$insns" -v s="$prof" -v qs="$q" 'BEGIN{printf "%-10s %-10s %14d %10.3f %10.1f %10.2f %10s  (ratio to qemu)\n", "mps2-an500", "mcuprof", n, s, n/s/1e6, qs/s, "-"}'
fi
