#!/usr/bin/env bash
# Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
# SPDX-License-Identifier: Apache-2.0
# The local demo: the provider mounting a SecretProviderClass from examples/ against the embedded fake AWS (moto,
# with SigV4 checked) and a fake Kubernetes API, then a rotation. Everything runs on this machine; nothing reaches AWS.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

"$root/scripts/install-deps.sh"
echo "== building the provider"
swift build --product secrets-store-csi-driver-provider-aws
binary="$(swift build --show-bin-path)/secrets-store-csi-driver-provider-aws"

demo="$root/demo"
rm -rf "$demo/mount" "$demo/mount-2" "$demo/provider"
mkdir -p "$demo/mount" "$demo/mount-2" "$demo/provider"

echo "== starting the fake AWS, Kubernetes API and Pod Identity agent"
# The rig lives as long as its standard input stays open: the coprocess pipe closes when this script exits.
coproc RIG { exec python3 "$root/Tests/rig/rig.py" --stop-on-stdin-eof 2>"$demo/rig.log"; }
rig_pid=$RIG_PID
read -r description <&"${RIG[0]}"
echo "$description" >"$demo/rig.json"
aws_endpoint=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["aws"])' "$demo/rig.json")
python3 scripts/demo_rig.py seed "$demo/rig.json" "$demo/kubeconfig"
echo "   seeded: demo/db-credentials (JSON), /demo/app/config (SSM), demo/tls-keystore (binary),"
echo "           service account demo/web with an IAM role, its pod and node"

echo "== starting the provider on $demo/provider/aws.sock"
# The demo's pod volumes are plain directories; in a cluster the driver mounts a tmpfs there, and without
# --allow-non-tmpfs-targets the provider refuses to write a secret anywhere else (never onto a disk).
env -u AWS_ACCESS_KEY_ID -u AWS_SECRET_ACCESS_KEY -u AWS_SESSION_TOKEN -u AWS_REGION \
  AWS_ENDPOINT_URL="$aws_endpoint" \
  "$binary" --provider-volume="$demo/provider" --kubeconfig="$demo/kubeconfig" --reconcile-interval=3s \
  --allow-non-tmpfs-targets 2>"$demo/provider.log" &
provider=$!
cleanup() {
  kill -TERM "$provider" 2>/dev/null && wait "$provider" 2>/dev/null || true
  kill -TERM "$rig_pid" 2>/dev/null || true
}
trap cleanup EXIT
for _ in $(seq 1 200); do
  [ -S "$demo/provider/aws.sock" ] && break
  sleep 0.05
done

mount_demo() {
  "$binary" mount --socket "$demo/provider/aws.sock" --spc examples/secretproviderclass.yaml \
    --target "$demo/mount" --namespace demo --pod web --service-account web --token demo-web-token "$@"
}

show_files() {
  for file in "$demo"/mount/*; do
    name=$(basename "$file")
    mode=$(stat -L -c %a "$file")
    if [ "$name" = tls-keystore ]; then
      printf '   %s  %-15s %s\n' "$mode" "$name" "$(od -An -tx1 -N8 "$file" | tr -s ' ') ... ($(stat -L -c %s "$file") bytes)"
    else
      printf '   %s  %-15s %s\n' "$mode" "$name" "$(tr '\n' ' ' <"$file")"
    fi
  done
}

echo "== mounting examples/secretproviderclass.yaml into demo/mount, as the CSI driver would"
mount_demo | tee "$demo/first-mount.txt"
echo "   files (fake secrets, so printed):"
show_files
echo "   the layout (one generation behind ..data, a link per file, as Secret volumes):"
(cd "$demo/mount" && for entry in .* *; do
  case "$entry" in . | ..) continue ;; esac
  if [ -L "$entry" ]; then printf '   %s -> %s\n' "$entry" "$(readlink "$entry")"; else printf '   %s/\n' "$entry"; fi
done)
echo "   AWS calls: $(python3 scripts/demo_rig.py calls "$demo/rig.json")"

echo "== a second pod of the same service account mounts the same SecretProviderClass"
mount_demo --pod web-2 --target "$demo/mount-2" >/dev/null
echo "   AWS calls: $(python3 scripts/demo_rig.py calls "$demo/rig.json") (served from the node's cache)"

echo "== rotating the database password in the fake Secrets Manager"
python3 scripts/demo_rig.py rotate "$demo/rig.json"
echo "== waiting for the provider's own reconciliation (--reconcile-interval=3s; no Mount call)"
for _ in $(seq 1 100); do
  grep -q correct-horse-2 "$demo/mount/db-password" "$demo/mount-2/db-password" 2>/dev/null \
    && [ "$(cat "$demo/mount-2/db-password")" = correct-horse-2 ] && break
  sleep 0.1
done
show_files
echo "   AWS calls: $(python3 scripts/demo_rig.py calls "$demo/rig.json")"
echo "   (one check for both pods; each volume switched to a new generation at once, unchanged files kept as they were)"

echo "== a mount that cannot succeed: a secret that does not exist"
sed 's#demo/tls-keystore#demo/no-such-secret#' examples/secretproviderclass.yaml >"$demo/broken-spc.yaml"
"$binary" mount --socket "$demo/provider/aws.sock" --spc "$demo/broken-spc.yaml" --target "$demo/mount" \
  --namespace demo --pod web --service-account web --token demo-web-token || true
echo "   files are unchanged:"
show_files

echo "== stopping the provider (SIGTERM)"
kill -TERM "$provider"
wait "$provider" && echo "   exited cleanly"
trap - EXIT
kill -TERM "$rig_pid" 2>/dev/null || true
echo "Logs: demo/provider.log, demo/rig.log"
