#!/bin/sh
# Generates the long-lived (100 years) test PKI used by the fake kube-apiserver:
# a CA, a serving certificate for 127.0.0.1/localhost and client certificates
# for the admin (CN=lab-admin, O=system:masters) and viewer (CN=lab-viewer) users.
# The output is committed under test/fixtures/pki so tests start fast and deterministically.
# Usage: sh test/fake-apiserver/make-pki.sh [output-dir]
set -eu
OUT="${1:-$(dirname "$0")/../fixtures/pki}"
DAYS=36500
mkdir -p "$OUT"
cd "$OUT"
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT

key() { openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$1" 2>/dev/null; }

key ca.key
openssl req -x509 -new -key ca.key -sha256 -days "$DAYS" -subj "/CN=fake-apiserver-ca" \
  -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign,digitalSignature" \
  -out ca.crt

sign() { # name subject extfile
  key "$1.key"
  openssl req -new -key "$1.key" -subj "$2" -out "$TMP/$1.csr"
  openssl x509 -req -in "$TMP/$1.csr" -CA ca.crt -CAkey ca.key -CAcreateserial -CAserial "$TMP/ca.srl" \
    -sha256 -days "$DAYS" -extfile "$3" -out "$1.crt" 2>/dev/null
}

cat > "$TMP/server.ext" <<EXT
basicConstraints=critical,CA:FALSE
keyUsage=critical,digitalSignature,keyEncipherment
extendedKeyUsage=serverAuth
subjectAltName=IP:127.0.0.1,DNS:localhost,DNS:kubernetes,DNS:kubernetes.default.svc
EXT
cat > "$TMP/client.ext" <<EXT
basicConstraints=critical,CA:FALSE
keyUsage=critical,digitalSignature,keyEncipherment
extendedKeyUsage=clientAuth
EXT

sign server "/CN=kube-apiserver" "$TMP/server.ext"
sign admin "/O=system:masters/CN=lab-admin" "$TMP/client.ext"
sign viewer "/CN=lab-viewer" "$TMP/client.ext"
echo "PKI written to $OUT"
