#!/usr/bin/env bash
# Installs what smsfw needs, builds everything, and runs the whole test suite (unit tests and
# integration tests against independent SMPP implementations). Prints ctest's summary.
set -euo pipefail
top=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$top"

"$top/deploy/install-deps.sh"
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build -j"$(nproc)"
cd build
ctest --output-on-failure --timeout 300 -j"$(nproc)"
