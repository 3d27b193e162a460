#!/usr/bin/env bash
# Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
# SPDX-License-Identifier: Apache-2.0
#
# Runs the test stages, each timed, stopping at the first that fails; installs what is missing first.
#   lint           swift format, licence headers, toolchain pins, generated code (scripts/lint.sh)
#   unit           the Swift unit and integration tests (swift test; some start the Python test rig)
#   e2e            the end-to-end tests: the real executable over its Unix socket against the test rig (pytest)
#   fuzz-smoke     each fuzz target 15 s (FUZZ_SECONDS) from its checked-in corpus; `make fuzz` runs them longer
#   test-deploy    the chart and manifest tests (Helm lint and render, kubernetes-validate --strict)
#   release-smoke  the shipped binary, built as the image builds it (scripts/build-release.sh), passes the smoke test
#
#   scripts/test.sh                every stage, in that order (make test)
#   scripts/test.sh STAGE...       those stages only (make lint, make unit, ...)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
all=(lint unit e2e fuzz-smoke test-deploy release-smoke)
stages=("$@")
[ ${#stages[@]} -gt 0 ] || stages=("${all[@]}")
for stage in "${stages[@]}"; do
  [[ " ${all[*]} " == *" $stage "* ]] || { echo "test.sh: unknown stage '$stage' (stages: ${all[*]})" >&2; exit 2; }
done

"$root/scripts/install-deps.sh"
debug_binary() {
  swift build --product secrets-store-csi-driver-provider-aws >&2
  echo "$(swift build --show-bin-path)/secrets-store-csi-driver-provider-aws"
}

lint() {
  "$root/scripts/lint.sh"
}

unit() {
  swift build --build-tests
  swift test --skip-build
}

e2e() {
  PROVIDER_BIN="$(debug_binary)" python3 -m pytest -q -p no:cacheprovider Tests/e2e
}

fuzz-smoke() {
  local log
  log=$(mktemp)
  for target in spc jmespath aws pkcs8 templates; do
    if ! "$root/scripts/fuzz.sh" "$target" "${FUZZ_SECONDS:-15}" >"$log" 2>&1; then
      tail -n 60 "$log"
      echo "fuzzing $target found a problem (see above)" >&2
      rm -f "$log"
      return 1
    fi
    grep -E '^Done|stat::peak_rss_mb' "$log" | sed "s/^/  $target: /"
  done
  rm -f "$log"
}

test-deploy() {
  # The provider is not run; its packages live in .venv-deploy/, installed there when missing.
  "$root/scripts/install-deploy-deps.sh"
  "$root/.venv-deploy/bin/python" -m pytest -q -p no:cacheprovider Tests/deploy
}

release-smoke() {
  "$root/scripts/build-release.sh"
  PROVIDER_BIN="$root/.build-release/out/secrets-store-csi-driver-provider-aws" \
    python3 -m pytest -q -p no:cacheprovider Tests/e2e/test_smoke.py
}

start=$(date +%s)
times=()
for stage in "${stages[@]}"; do
  echo "== $stage"
  began=$(date +%s)
  "$stage"
  times+=("$stage $(( $(date +%s) - began ))s")
  echo "== $stage passed in $(( $(date +%s) - began ))s"
done
echo "== stage times: ${times[*]}"
echo "== all ${#stages[@]} stages passed in $(( $(date +%s) - start ))s"
