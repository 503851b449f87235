# Sanitizer run-time options for the sanitized test suite and the fuzz targets,
# sourced by tools/test-sanitized.sh and tools/fuzz.sh. Options already in the
# environment come last, so they win.
#   abort_on_error / halt_on_error: the first report ends the process with a
#     failure that CTest and libFuzzer see;
#   detect_stack_use_after_return, check_initialization_order,
#     strict_string_checks: checks ASan leaves off by default;
#   suppressions: one known leak inside Unicorn, see lsan.supp;
#     print_suppressions=0 keeps LeakSanitizer's summary of them out of the
#     output of mcuprof runs, which the end-to-end tests compare.
sanitizers_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
export ASAN_OPTIONS="abort_on_error=1:halt_on_error=1:detect_leaks=1:detect_stack_use_after_return=1:check_initialization_order=1:strict_string_checks=1${ASAN_OPTIONS:+:$ASAN_OPTIONS}"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1${UBSAN_OPTIONS:+:$UBSAN_OPTIONS}"
export LSAN_OPTIONS="suppressions=$sanitizers_dir/lsan.supp:print_suppressions=0${LSAN_OPTIONS:+:$LSAN_OPTIONS}"
