#!/usr/bin/env bash
# Side-by-side throughput and latency: direct, HAProxy and smsfw (0..100k rules) in one run,
# alternated per round. Usage: bench/run.sh [--quick] [--build DIR] [run.py options...]
# See bench/README.md, "run.sh (side by side)".
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
exec python3 "$here/sidebyside/run.py" "$@"
