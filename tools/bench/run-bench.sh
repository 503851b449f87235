#!/usr/bin/env bash
# Speed benchmark, two workloads:
#   firmware/bench           int8 mat-vec and ReLU loops, 1.26 G instructions in
#                            blocks of 8 on average: the worst case for a
#                            per-block profiler;
#   bench_ram_stm32f746      the same loops run from RAM (.ramfunc): code
#                            outside flash is checked against its decoded
#                            bytes at every block, on the profiler's slow path;
#   firmware/bench_kernels   the ViT kernel library (linear, patch embedding,
#                            attention), 1.2 G instructions, about 10 per block
#                            (M7 only: ~3 s per run),
# each under
#   unicorn      bare Unicorn 2.1, no hooks (the ceiling)
#   +blockhook   bare Unicorn with an empty block hook (floor of any block profiler)
#   +memhook     bare Unicorn with empty RAM read/write hooks (floor of exact mode)
#   mcuprof      mcuprof run, default mode (goal: >= 0.8x unicorn)
#   exact        mcuprof run --exact (goal: >= 0.1x unicorn)
#   timing-mem   mcuprof run --timing memory: every load priced through the
#                memory system (a read hook, like exact mode's)
#   qemu         qemu-system-arm -M mps2-an500 on the same program (goal for
#                mcuprof: >= 0.8x qemu; process time, start-up included)
# Each figure is the best of N runs (2 for the memory-hook and exact rows) of
# the emulation time (seconds); MIPS is
# emulated instructions per second, ratio is against bare Unicorn, realtime is
# emulated time at the board clock per second of host time.
# Usage: tools/bench/run-bench.sh [BUILD_DIR] [RUNS]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
build="${1:-${MCUPROF_BUILD_DIR:-$root/build}}"
runs="${2:-5}"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

best() { sort -g | head -n 1; }
bare() {  # BOARD ELF [OPTION] -> seconds
  "$build/mcuprof-bare-unicorn" "$@" 2>/dev/null | awk '/^bare_seconds/{print $2}'
}
profiled() {  # BOARD ELF [FLAGS] -> seconds; leaves the report in $tmp/r.json
  local board="$1" elf="$2"; shift 2
  "$build/mcuprof" run -q --board "$board" "$elf" --json "$tmp/r.json" "$@" >/dev/null
  python3 -c "import json,sys; print(json.load(open(sys.argv[1]))['wall_seconds'])" "$tmp/r.json"
}
row() {  # BOARD RUNNER SECONDS BARE_SECONDS
  awk -v b="$1" -v r="$2" -v s="$3" -v bs="$4" -v n="$insns" -v c="$cycles" -v hz="$clock" \
    'BEGIN{printf "%-17s %-11s %14d %9.3f %9.1f %7.2f %9.3f\n", b, r, n, s, n/s/1e6, bs/s, (c/hz)/s}'
}

printf '%-17s %-11s %14s %9s %9s %7s %9s\n' workload runner instructions seconds MIPS ratio realtime
for board in stm32f746 stm32f427 ram-stm32f746 kernels-stm32f746; do
  elf="$build/firmware/bench_${board}.elf"
  if [ "$board" = kernels-stm32f746 ]; then elf="$build/firmware/bench-kernels-stm32f746.elf"; fi
  if [ "$board" = ram-stm32f746 ]; then elf="$build/firmware/bench_ram_stm32f746.elf"; fi
  n="$runs"
  name="$board"; board="${board#kernels-}"; board="${board#ram-}"
  b=$(for i in $(seq "$n"); do bare "$board" "$elf"; done | best)
  bh=$(for i in $(seq "$n"); do bare "$board" "$elf" --empty-block-hook; done | best)
  p=$(for i in $(seq "$n"); do profiled "$board" "$elf"; done | best)
  read -r insns cycles clock < <(python3 -c "import json,sys; r=json.load(open(sys.argv[1])); print(r['instructions'], r['cycles'], r['clock_hz'])" "$tmp/r.json")
  row "$name" unicorn "$b" "$b"
  row "$name" +blockhook "$bh" "$b"
  row "$name" mcuprof "$p" "$b"
  if [ "$name" = "$board" ]; then  # exact mode on the mat-vec workload only, ~12 s a run
    nx=$(( n < 2 ? n : 2 ))
    mh=$(for i in $(seq "$nx"); do bare "$board" "$elf" --empty-memory-hook; done | best)
    x=$(for i in $(seq "$nx"); do profiled "$board" "$elf" --exact; done | best)
    tm=$(for i in $(seq "$nx"); do profiled "$board" "$elf" --timing memory; done | best)
    row "$name" +memhook "$mh" "$b"
    row "$name" exact "$x" "$b"
    row "$name" timing-mem "$tm" "$b"
  fi
done
if command -v qemu-system-arm >/dev/null; then
  board=mps2-an500
  elf="$build/firmware/bench_${board}.elf"
  q=$(for i in $(seq "$runs"); do
    start=$(date +%s.%N)
    qemu-system-arm -M mps2-an500 -semihosting-config enable=on,target=native -nographic -monitor none \
      -serial none -kernel "$elf" >/dev/null 2>&1
    end=$(date +%s.%N)
    awk -v a="$start" -v b="$end" 'BEGIN{print b - a}'
  done | best)
  b=$(for i in $(seq "$runs"); do bare "$board" "$elf"; done | best)
  p=$(for i in $(seq "$runs"); do profiled "$board" "$elf"; done | best)
  read -r insns cycles clock < <(python3 -c "import json,sys; r=json.load(open(sys.argv[1])); print(r['instructions'], r['cycles'], r['clock_hz'])" "$tmp/r.json")
  row "$board" unicorn "$b" "$b"
  row "$board" qemu "$q" "$b"
  row "$board" mcuprof "$p" "$b"
  awk -v q="$q" -v p="$p" 'BEGIN{printf "mcuprof / qemu throughput on %s: %.2f\n", "mps2-an500", q/p}'
fi
