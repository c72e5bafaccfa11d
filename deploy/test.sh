#!/usr/bin/env bash
# Installs what smsfw needs, builds everything, and runs the whole test suite (unit tests and
# integration tests against independent SMPP implementations); then builds the libFuzzer targets
# (clang, ASan+UBSan) and runs each briefly (deploy/fuzz-smoke.sh); then builds the gateway and
# the tools with AddressSanitizer + UBSan (clang) and runs the gateway's unit tests and every
# integration test under them (deploy/sanitize.sh asan --gateway). Prints ctest's summaries.
# The whole suite under ASan+UBSan or TSan: deploy/sanitize.sh asan|tsan (longer; not run here).
set -euo pipefail
top=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$top"

"$top/deploy/install-deps.sh"
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build -j"$(nproc)"
cd build
status=0
ctest --output-on-failure --timeout 300 -j"$(nproc)" || status=$?
"$top/deploy/fuzz-smoke.sh" || status=$?
"$top/deploy/sanitize.sh" asan --gateway || status=$?
exit "$status"
