#!/usr/bin/env bash
# make-test-pki.sh DIR: writes a throw-away PKI for the TLS tests into DIR (PEM, EC P-256 keys,
# valid for 2 days). Nothing here is a secret; every test run makes its own.
#   ca.pem ca.key                 the test CA
#   server.pem server.key         signed by it: localhost, 127.0.0.1 (both ESME-facing and SMSC)
#   client.pem client.key         signed by it: a client certificate (mutual TLS)
#   wrong-name.pem wrong-name.key signed by it, for elsewhere.example only
#   other-ca.pem other-ca.key     a CA nobody trusts
#   stranger.pem stranger.key     signed by other-ca (localhost, 127.0.0.1)
set -euo pipefail
dir=${1:?usage: make-test-pki.sh DIR}
mkdir -p "$dir"
cd "$dir"

key() { openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$1" 2>/dev/null; }

ca() {  # name subject
  key "$1.key"
  openssl req -x509 -new -key "$1.key" -subj "/CN=$2" -days 2 -out "$1.pem" \
    -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign" 2>/dev/null
}

leaf() {  # name issuer subject san extended-usage
  key "$1.key"
  openssl req -new -key "$1.key" -subj "/CN=$3" -out "$1.csr" 2>/dev/null
  printf 'subjectAltName=%s\nbasicConstraints=CA:FALSE\nextendedKeyUsage=%s\n' "$4" "$5" >"$1.ext"
  openssl x509 -req -in "$1.csr" -CA "$2.pem" -CAkey "$2.key" -CAcreateserial -days 2 \
    -extfile "$1.ext" -out "$1.pem" 2>/dev/null
  rm -f "$1.csr" "$1.ext"
}

ca ca "smsfw test CA"
ca other-ca "untrusted test CA"
leaf server ca localhost "DNS:localhost,IP:127.0.0.1" "serverAuth,clientAuth"
leaf client ca "test-esme" "DNS:test-esme" "clientAuth"
leaf wrong-name ca elsewhere.example "DNS:elsewhere.example" "serverAuth"
leaf stranger other-ca localhost "DNS:localhost,IP:127.0.0.1" "serverAuth,clientAuth"
rm -f ./*.srl
