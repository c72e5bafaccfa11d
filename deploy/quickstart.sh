#!/usr/bin/env bash
# Installs what smsfw needs, builds it, and runs it on the embedded default: the shipped pattern
# directory and the bundled SMSC simulator (bench/smsc-sim) as upstream. Ctrl-C stops both.
set -euo pipefail
top=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$top"

"$top/deploy/install-deps.sh"
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build -j"$(nproc)" --target smsfw smsc-sim smpp-load

LISTEN=${SMSFW_LISTEN:-127.0.0.1:2775}
SMSC=${SMSFW_SMSC:-127.0.0.1:2776}

build/bench/smsc-sim --listen "$SMSC" --dlr >/dev/null &
sim=$!
trap 'kill "$sim" 2>/dev/null || true' EXIT

cat <<MSG

smsfw is starting: ESMEs connect to $LISTEN (SMPP 3.4, any system_id and password),
relayed to the SMSC simulator on $SMSC.
Send a test message (with its delivery receipt) through it from another terminal:

  $top/build/bench/smpp-load --target $LISTEN --count 1 --dlr

Stop with Ctrl-C.

MSG
build/gateway/smsfw run --listen "$LISTEN" --upstream "$SMSC" --patterns "$top/patterns"
