#!/usr/bin/env bash
# Builds the libFuzzer targets (tests/fuzz) with clang, ASan and UBSan in
# build-fuzz/ (or $MCUPROF_FUZZ_BUILD_DIR) and runs each one for a bounded time
# on its seed corpus. Any finding (crash, sanitizer report, exception other
# than mcuprof::Error, input slower than the timeout, memory past the limit)
# fails the script; libFuzzer leaves the input as <target>-crash-*/-timeout-*/
# -oom-* in build-fuzz/fuzz/findings/.
#   tools/fuzz.sh [target...]     default: every target; seconds per target:
#                                 $MCUPROF_FUZZ_SECONDS (default 60); targets
#                                 at once: $MCUPROF_FUZZ_JOBS (default: cores)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="${MCUPROF_FUZZ_BUILD_DIR:-$root/build-fuzz}"
seconds="${MCUPROF_FUZZ_SECONDS:-60}"

"$root/tools/setup-deps.sh"
cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DCMAKE_C_COMPILER=clang -DCMAKE_CXX_COMPILER=clang++ -DMCUPROF_FUZZ=ON -DMCUPROF_SANITIZE=ON >/dev/null
cmake --build "$build" -j "$(nproc)" --target mcuprof_fuzz_targets
# shellcheck source=../tests/sanitizers/options.sh
source "$root/tests/sanitizers/options.sh"

targets=("$@")
if [ "${#targets[@]}" -eq 0 ]; then
  for bin in "$build"/fuzz/*; do
    [ -f "$bin" ] && [ -x "$bin" ] && targets+=("$(basename "$bin")")
  done
fi
findings="$build/fuzz/findings"
mkdir -p "$findings"
# One target: prints its summary line, or the end of its log and where the
# finding is, and fails.
fuzz_one() {
  local target=$1 start=$SECONDS
  # The first corpus directory receives what libFuzzer learns (kept across
  # runs in the build tree); the committed and build-time seeds are read only.
  local corpus="$build/fuzz/corpus/$target" log="$build/fuzz/$target.log"
  mkdir -p "$corpus"
  local seeds=() dir
  for dir in "$root/tests/fuzz/corpus/$target" "$build/fuzz/seeds/$target"; do
    [ -d "$dir" ] && seeds+=("$dir")
  done
  if ! "$build/fuzz/$target" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
    -print_final_stats=1 -artifact_prefix="$findings/$target-" "$corpus" "${seeds[@]}" > "$log" 2>&1; then
    tail -n 60 "$log" >&2
    echo "fuzz: $target found a problem after $((SECONDS - start))s; input and log in $findings and $log" >&2
    return 1
  fi
  local stats
  stats="$(grep -E '^stat::number_of_executed_units|^stat::peak_rss_mb' "$log" | tr '\n' ' ')"
  echo "fuzz: $target: ${stats}($(ls "$corpus" | wc -l) inputs in corpus, $((SECONDS - start))s)"
}

# A libFuzzer process uses one core, so up to $MCUPROF_FUZZ_JOBS (default: the
# number of cores) targets run at once, each for its full $seconds: the same
# fuzzing per target in a fraction of the wall time of one after the other.
jobs="${MCUPROF_FUZZ_JOBS:-$(nproc)}"
running=0
failed=0
for target in "${targets[@]}"; do
  if [ "$running" -ge "$jobs" ]; then
    wait -n || failed=1
    running=$((running - 1))
  fi
  echo "fuzz: $target for ${seconds}s"
  fuzz_one "$target" &
  running=$((running + 1))
done
while [ "$running" -gt 0 ]; do
  wait -n || failed=1
  running=$((running - 1))
done
exit "$failed"
