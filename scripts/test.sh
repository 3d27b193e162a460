#!/usr/bin/env bash
# Runs every test: installs what is missing, builds, runs the Swift unit and integration tests, checks the
# committed generated code, then runs the end-to-end tests against the real executable over its Unix socket.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
start=$(date +%s)

"$root/scripts/install-deps.sh"

echo "== swift build (debug, with tests)"
swift build --build-tests

echo "== swift test"
swift test --skip-build

echo "== generated code"
"$root/scripts/check-generated-code.sh"

echo "== end-to-end (pytest)"
PROVIDER_BIN="$(swift build --show-bin-path)/secrets-store-csi-driver-provider-aws" \
  python3 -m pytest -q -p no:cacheprovider Tests/e2e

echo "== fuzzing (each target ${FUZZ_SECONDS:-15}s from its checked-in corpus; scripts/fuzz.sh runs them longer)"
fuzz_log=$(mktemp)
for target in spc jmespath aws; do
  if ! "$root/scripts/fuzz.sh" "$target" "${FUZZ_SECONDS:-15}" >"$fuzz_log" 2>&1; then
    tail -n 60 "$fuzz_log"
    echo "fuzzing $target found a problem (see above)" >&2
    exit 1
  fi
  grep -E '^Done|stat::peak_rss_mb' "$fuzz_log" | sed "s/^/  $target: /"
done
rm -f "$fuzz_log"

echo "== chart and manifests"
# Helm lint and render, kubernetes-validate --strict, deploy/ equal to the chart's rendering; the provider is not run.
# Its packages live in .venv-deploy/, installed there when missing.
"$root/scripts/install-deploy-deps.sh"
"$root/.venv-deploy/bin/python" -m pytest -q -p no:cacheprovider Tests/deploy

echo "== all tests passed in $(( $(date +%s) - start ))s"
