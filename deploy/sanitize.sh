#!/usr/bin/env bash
# deploy/sanitize.sh asan|tsan [--gateway]: builds the whole tree with AddressSanitizer+UBSan
# (build type Asan, in build-asan/) or ThreadSanitizer (Tsan, in build-tsan/), see
# cmake/Sanitizers.cmake, and runs the whole ctest suite there: unit tests, bench smoke tests and
# the integration tests, which start this build's smsfw, smsc-sim and smpp-load. Prints ctest's
# summary. --gateway builds and runs only the gateway's unit tests (proxy, SMPP, TLS, access
# control, application) and the integration tests (the whole product between real peers): the
# part CI runs (deploy/test.sh), about half the build; the filters' parsers are covered there by
# the fuzzers, which are built with ASan+UBSan too. Every sanitizer
# report (also from processes a test starts and whose exit status it ignores) is written under
# BUILD/sanitizer-logs/; any report there fails the run and is printed. Suppressions, only for
# third-party findings: tests/sanitizers/*.supp. Run deploy/install-deps.sh first (deploy/test.sh
# does). Exit status: ctest's, or 1 when there is a sanitizer report.
set -euo pipefail
top=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
kind=${1:-}
case "$kind" in
  asan) type=Asan cc=clang cxx=clang++ ;;
  tsan) type=Tsan cc=gcc cxx=g++ ;;
  *) echo "usage: $0 asan|tsan [--gateway]" >&2; exit 2 ;;
esac
subset=${2:-}
case "$subset" in
  '') targets=(all); select=() ;;
  --gateway)
    targets=(smsfw smsc-sim smsfw_gateway_tests)
    select=(-R '^(integration\.|(access|admin|app|audit|net|proxy|shared|smpp|tls)_)') ;;
  *) echo "usage: $0 asan|tsan [--gateway]" >&2; exit 2 ;;
esac
build="$top/build-$kind"
supp="$top/tests/sanitizers"
logs="$build/sanitizer-logs"
jobs=$(nproc)

# Asan with clang (installed for the fuzzers): its -O0 build compiles about three times faster
# than GCC's -O1. Tsan with GCC, whose shared TSan runtime leaves the tests' own operator new in
# place (cmake/Sanitizers.cmake). A build directory made with another compiler is started afresh.
if [ -f "$build/CMakeCache.txt" ] && ! grep -q "^CMAKE_CXX_COMPILER:[A-Z]*=.*/$cxx\$" "$build/CMakeCache.txt"; then
  rm -rf "$build"
fi
CC=$cc CXX=$cxx cmake -S "$top" -B "$build" -DCMAKE_BUILD_TYPE="$type" >/dev/null
start=$(date +%s)
cmake --build "$build" -j"$jobs" --target "${targets[@]}"
echo "build: $(( $(date +%s) - start )) s"

rm -rf "$logs" && mkdir -p "$logs"
# Reports go to $logs/<tool>.<pid> (exitcode/abort still make the process fail).
export ASAN_OPTIONS="detect_leaks=1:abort_on_error=1:detect_stack_use_after_return=1:check_initialization_order=1:strict_init_order=1:detect_invalid_pointer_pairs=0:log_path=$logs/asan"
export LSAN_OPTIONS="suppressions=$supp/lsan.supp:print_suppressions=0"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1:suppressions=$supp/ubsan.supp:log_path=$logs/ubsan"
export TSAN_OPTIONS="halt_on_error=1:second_deadlock_stack=1:history_size=4:suppressions=$supp/tsan.supp:log_path=$logs/tsan"

cd "$build"
start=$(date +%s)
status=0
ctest --output-on-failure --timeout 600 -j"$jobs" "${select[@]}" || status=$?
echo "ctest: $(( $(date +%s) - start )) s"

if compgen -G "$logs/*" >/dev/null; then
  echo "sanitizer reports in $logs:"
  for f in "$logs"/*; do echo "==== $f"; cat "$f"; done
  [ "$status" -ne 0 ] || status=1
else
  echo "no sanitizer reports"
fi
exit "$status"
