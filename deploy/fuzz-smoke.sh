#!/usr/bin/env bash
# deploy/fuzz-smoke.sh: builds the libFuzzer targets (clang, SMSFW_FUZZ=ON, in build-fuzz/) and
# runs each one briefly over its seed corpus (ctest -L fuzz; 10 s of fuzzing per target after
# the seeds), as CI does: proof that every fuzzer builds and runs, not a campaign (for those:
# tests/fuzz/run.sh, see tests/fuzz/README.md). Prints ctest's summary.
set -euo pipefail
top=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build="$top/build-fuzz"
CC=clang CXX=clang++ cmake -S "$top" -B "$build" -DSMSFW_FUZZ=ON -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
start=$(date +%s)
cmake --build "$build" --target smsfw_fuzz -j"$(nproc)"
echo "fuzz build: $(( $(date +%s) - start )) s"
cd "$build"
ctest -L fuzz --output-on-failure -j"$(nproc)"
