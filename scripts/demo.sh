#!/usr/bin/env bash
# The local demo: builds the provider, starts it on a Unix socket in ./demo, and calls it the way the Secrets
# Store CSI driver does, with a gRPC client that is not ours (Python grpcio).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

"$root/scripts/install-deps.sh"
echo "== building the provider"
swift build --product secrets-store-csi-driver-provider-aws
binary="$(swift build --show-bin-path)/secrets-store-csi-driver-provider-aws"

volume="$root/demo/provider"
mkdir -p "$volume"
echo "== starting the provider on $volume/aws.sock"
"$binary" --provider-volume="$volume" 2>"$root/demo/provider.log" &
provider=$!
trap 'kill -TERM $provider 2>/dev/null; wait $provider 2>/dev/null || true' EXIT
for _ in $(seq 1 200); do
  [ -S "$volume/aws.sock" ] && break
  sleep 0.05
done

echo "== Version, as the driver calls it"
python3 Tests/e2e/driver.py version "$volume/aws.sock"

echo "== a jmesPath tried before deploying it"
echo '{"username":"app","password":"s3cret","api-key":"k-123"}' \
  | "$binary" jmespath '"api-key"'

echo "== stopping the provider (SIGTERM)"
kill -TERM $provider
wait $provider && echo "exited cleanly; socket removed: $([ -e "$volume/aws.sock" ] && echo no || echo yes)"
trap - EXIT
echo "Provider log: demo/provider.log"
