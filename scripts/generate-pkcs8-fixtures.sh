#!/usr/bin/env bash
# Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
# SPDX-License-Identifier: Apache-2.0
#
# Writes Tests/testdata/pkcs8: test keys and self-signed certificates made by OpenSSL, and each key encrypted the way
# ACM's ExportCertificate and `openssl pkcs8 -v2` write them (PBES2, PBKDF2 with each HMAC, AES-128/192/256-CBC), plus
# schemes the provider refuses. Run once; the files are committed (they are random, so a new run changes them all).
# The tests read them with the passphrase in passphrase.txt.
set -euo pipefail
out="$(cd "$(dirname "$0")/.." && pwd)/Tests/testdata/pkcs8"
mkdir -p "$out"
cd "$out"
passphrase="test-passphrase-7Qx2"
printf '%s' "$passphrase" > passphrase.txt
openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out rsa.key 2>/dev/null
openssl req -new -x509 -key rsa.key -subj "/CN=rsa.test" -days 3650 -set_serial 0x00c0ffee -out rsa.crt
openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out ec.key 2>/dev/null
openssl req -new -x509 -key ec.key -subj "/CN=ec.test" -days 3650 -set_serial 0x0102 -out ec.crt
for cipher in aes-128-cbc aes-192-cbc aes-256-cbc; do
    for prf in hmacWithSHA1 hmacWithSHA256 hmacWithSHA384 hmacWithSHA512; do
        openssl pkcs8 -topk8 -in rsa.key -v2 "$cipher" -v2prf "$prf" -iter 2048 -passout "pass:$passphrase" \
            -out "rsa-$cipher-$prf.pem"
    done
done
openssl pkcs8 -topk8 -in ec.key -v2 aes-256-cbc -v2prf hmacWithSHA256 -iter 2048 -passout "pass:$passphrase" \
    -out ec-aes-256-cbc-hmacWithSHA256.pem
# Refused: PBES2 with triple DES, and the PKCS#5 v1.5 / PKCS#12 schemes.
openssl pkcs8 -topk8 -in rsa.key -v2 des-ede3-cbc -passout "pass:$passphrase" -out refused-des-ede3-cbc.pem
openssl pkcs8 -topk8 -in rsa.key -v1 PBE-SHA1-3DES -passout "pass:$passphrase" -out refused-pbe-sha1-3des.pem
openssl pkcs8 -topk8 -in rsa.key -scrypt -passout "pass:$passphrase" -out refused-scrypt.pem 2>/dev/null
rm rsa.key ec.key
