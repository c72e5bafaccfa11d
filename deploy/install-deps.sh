#!/usr/bin/env bash
# Installs every package smsfw needs to build, run and test on Debian 12.
# Idempotent: re-running it only installs what is missing. Needs root (or sudo).
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
top=$(cd "$here/.." && pwd)

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi

# Build toolchain and libraries of the design card.
build_pkgs=(
  build-essential cmake pkg-config git
  libboost-dev libboost-program-options-dev
  libhyperscan-dev libsmpp34-dev
  libspdlog-dev libfmt-dev catch2 libyaml-cpp-dev libicu-dev libpsl-dev publicsuffix nlohmann-json3-dev libssl-dev libxxhash-dev libhiredis-dev libsystemd-dev libre2-dev libpcre2-dev
  libcrypt-dev  # crypt(3) password hashes of the access control (libxcrypt)
  clang libclang-rt-14-dev  # tests/fuzz (SMSFW_FUZZ=ON): libFuzzer
)
# Independent SMPP peers used by the integration tests (see tests/integration), Python for
# the bench tools' tests (tests/bench), and redis-server for the shared-state tests (each test
# starts its own server on a free loopback port; the system service is not wanted). kannel: the tests start bearerbox/smsbox by hand with
# their own config; its system service is not wanted (see below). prometheus for `promtool check
# metrics`, which the admin tests run on the /metrics exposition (the server itself is not wanted).
# haproxy: the integration test that puts two instances behind deploy/haproxy/haproxy.cfg, and
# the benchmarks' non-inspecting baseline (both start their own; the service is not wanted).
# openssl: the TLS tests make their own certificates (tests/gateway/tls/make-test-pki.sh).
test_pkgs=(
  libnet-smpp-perl python3 kannel redis-server prometheus haproxy gnuplot-nox openssl
)
# Node.js and npm for node-smpp: Debian's packages, unless a Node.js that ships its own npm is
# already there (Debian's npm conflicts with such builds).
if ! command -v npm >/dev/null 2>&1; then test_pkgs+=(nodejs npm); fi

missing=()
for p in "${build_pkgs[@]}" "${test_pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "smsfw: installing ${missing[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

# Debian's kannel postinst enables its init script and starts it (bearerbox + wapbox with
# /etc/kannel/kannel.conf, restarted by run_kannel_box; under systemd through the generated
# kannel.service). In a container a policy-rc.d usually denies that start, elsewhere it runs.
# The tests need only the binaries, so when this run installed kannel, stop that service and
# keep it from starting at boot. A kannel that was already installed is left as it is, so
# re-running this script changes nothing.
if [[ " ${missing[*]} " == *" kannel "* ]]; then
  if [ -d /run/systemd/system ] && command -v systemctl >/dev/null 2>&1; then
    $SUDO systemctl stop kannel >/dev/null 2>&1 || true
    $SUDO systemctl disable kannel >/dev/null 2>&1 || true
  else
    $SUDO /etc/init.d/kannel stop >/dev/null 2>&1 || true
    $SUDO update-rc.d kannel disable >/dev/null 2>&1 || true
  fi
  # (zombies do not count: in some containers PID 1 does not reap the stopped boxes)
  if ps -C bearerbox -o stat= 2>/dev/null | grep -qv '^Z'; then
    echo "smsfw: warning: a bearerbox is still running after stopping the kannel service" >&2
  fi
fi

# Likewise Debian's redis-server starts a system instance on 127.0.0.1:6379; the tests start
# their own, so a service this run installed is stopped and disabled.
if [[ " ${missing[*]} " == *" redis-server "* ]]; then
  if [ -d /run/systemd/system ] && command -v systemctl >/dev/null 2>&1; then
    $SUDO systemctl stop redis-server >/dev/null 2>&1 || true
    $SUDO systemctl disable redis-server >/dev/null 2>&1 || true
  else
    $SUDO /etc/init.d/redis-server stop >/dev/null 2>&1 || true
    $SUDO update-rc.d redis-server disable >/dev/null 2>&1 || true
  fi
fi

# Debian's prometheus enables and starts a server on :9090; only promtool is wanted, so a service
# this run installed is stopped and disabled.
if [[ " ${missing[*]} " == *" prometheus "* ]]; then
  if [ -d /run/systemd/system ] && command -v systemctl >/dev/null 2>&1; then
    $SUDO systemctl stop prometheus >/dev/null 2>&1 || true
    $SUDO systemctl disable prometheus >/dev/null 2>&1 || true
  else
    $SUDO /etc/init.d/prometheus stop >/dev/null 2>&1 || true
    $SUDO update-rc.d prometheus disable >/dev/null 2>&1 || true
  fi
fi

# Likewise Debian's haproxy service (its /etc/haproxy/haproxy.cfg has no frontend; not wanted).
if [[ " ${missing[*]} " == *" haproxy "* ]]; then
  if [ -d /run/systemd/system ] && command -v systemctl >/dev/null 2>&1; then
    $SUDO systemctl stop haproxy >/dev/null 2>&1 || true
    $SUDO systemctl disable haproxy >/dev/null 2>&1 || true
  else
    $SUDO /etc/init.d/haproxy stop >/dev/null 2>&1 || true
    $SUDO update-rc.d haproxy disable >/dev/null 2>&1 || true
  fi
fi

# node-smpp for the integration tests, pinned in tests/integration/package.json.
if [ ! -d "$top/tests/integration/node_modules/smpp" ]; then
  (cd "$top/tests/integration" && npm ci --no-audit --no-fund --loglevel=error)
fi
