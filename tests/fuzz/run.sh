#!/bin/sh
# Long fuzzing campaigns: tests/fuzz/run.sh TARGET|all [SECONDS | -runs=N]
#
# Needs a build with SMSFW_FUZZ=ON (tests/fuzz/README.md); its directory is $SMSFW_FUZZ_BUILD,
# default build-fuzz at the top of the repository. Per target, in that build directory:
#   corpus-work/TARGET/  the working corpus (seeded from tests/fuzz/corpus/TARGET, grows)
#   findings/TARGET/     crash-, leak-, timeout-, oom- files (inputs that failed)
#   logs/TARGET.log      libFuzzer's output (TARGET.wK.log per worker with several workers)
# Default: 600 seconds per target ("all" runs them one after the other). Extra libFuzzer flags
# can be passed in $SMSFW_FUZZ_FLAGS (e.g. "-seed=1"). $SMSFW_FUZZ_WORKERS (default 1) runs that
# many fuzzing processes on the same working corpus, as libFuzzer's -jobs does: with -runs=N they
# share the N executions, with SECONDS each runs that long.
# Prints per target: executions, exec/s, coverage, new corpus units, and any findings (summed over
# the workers; coverage is the best worker's).
set -eu

here=$(cd "$(dirname "$0")" && pwd)
build=${SMSFW_FUZZ_BUILD:-$here/../../build-fuzz}
build=$(cd "$build" && pwd)
targets="smpp_frame smpp34_codec udh_concat text_decode normalize url_extract pattern_loader"

[ $# -ge 1 ] || { echo "usage: $0 TARGET|all [SECONDS | -runs=N]   (targets: $targets)" >&2; exit 2; }
what=$1
budget=${2:-600}
case $budget in
  -runs=*) limit=$budget; cap=86400 ;;
  *[!0-9]*|'') echo "$0: SECONDS or -runs=N expected, got '$budget'" >&2; exit 2 ;;
  *) limit=-max_total_time=$budget; cap=$((budget + 300)) ;;
esac
[ "$what" = all ] && what=$targets
workers=${SMSFW_FUZZ_WORKERS:-1}
case $workers in *[!0-9]*|''|0) echo "$0: SMSFW_FUZZ_WORKERS must be a positive number, got '$workers'" >&2; exit 2 ;; esac

status=0
for t in $what; do
  bin=$build/tests/fuzz/fuzz_$t
  [ -x "$bin" ] || { echo "$0: $bin missing: cmake --build $build --target smsfw_fuzz" >&2; exit 2; }
  work=$build/corpus-work/$t
  found=$build/findings/$t
  mkdir -p "$work" "$found" "$build/logs"
  cp -n "$here/corpus/$t/"* "$work/" 2>/dev/null || true
  dict=
  [ -f "$here/$t.dict" ] && dict=-dict=$here/$t.dict
  echo "== $t: $limit, $workers worker(s), corpus $work" >&2
  each=$limit  # per worker: -runs=N shared out, a time budget as it is
  case $limit in -runs=*) runs=${limit#-runs=}; each=-runs=$(( (runs + workers - 1) / workers )) ;; esac
  # The hard cap (SIGKILL) guards against a report that never finishes (seen once after an
  # out-of-memory report of a multi-threaded target).
  logs=
  w=1
  while [ "$w" -le "$workers" ]; do
    log=$build/logs/$t.log
    [ "$workers" -gt 1 ] && log=$build/logs/$t.w$w.log
    logs="$logs $log"
    # shellcheck disable=SC2086
    ( timeout -s KILL "$cap" env ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1}" \
        "$bin" $dict -max_len="$(cat "$build/tests/fuzz/max_len/$t")" -timeout=10 -rss_limit_mb=2048 \
        -print_final_stats=1 -artifact_prefix="$found/" $each ${SMSFW_FUZZ_FLAGS:-} "$work" >"$log" 2>&1 ||
      echo "exit status $?" >>"$log" ) &
    w=$((w + 1))
  done
  wait
  # shellcheck disable=SC2086
  grep -q '^exit status' $logs && status=1
  # shellcheck disable=SC2086
  sum() { sed -n "s/^stat::$1: *//p" $logs | awk '{ s += $1; n++ } END { if (n) print s; else print "?" }'; }
  execs=$(sum number_of_executed_units)
  rate=$(sum average_exec_per_sec)
  added=$(sum new_units_added)
  # shellcheck disable=SC2086
  seeds=$(cat $logs | grep -a 'INITED' | grep -o 'cov: [0-9]* ft: [0-9]*' | sort -t' ' -k2,2n | tail -n 1)
  # shellcheck disable=SC2086
  cov=$(for l in $logs; do grep -a -o 'cov: [0-9]* ft: [0-9]*' "$l" | tail -n 1; done | sort -t' ' -k2,2n | tail -n 1)
  echo "$t: executions $execs, exec/s $rate, corpus at start ${seeds:-?}, at end ${cov:-?}," \
       "new units $added, corpus $(ls "$work" | wc -l) files"
  for f in "$found"/*; do [ -e "$f" ] && echo "  FINDING: $f"; done
done
exit $status
