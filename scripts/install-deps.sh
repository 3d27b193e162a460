#!/usr/bin/env bash
# Installs what the tests and the demo need on a fresh machine, only when it is missing:
# Python packages for the test rig and the gRPC client (pip). The Swift toolchain and its packages come with the
# machine; apt is used only for what pip cannot provide. The chart tests' packages (Helm's SDK, kubernetes-validate)
# go into their own venv: scripts/install-deploy-deps.sh.
set -euo pipefail

need_apt=()
command -v python3 >/dev/null || need_apt+=(python3 python3-pip)
command -v curl >/dev/null || need_apt+=(curl)
if [ ${#need_apt[@]} -gt 0 ]; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq "${need_apt[@]}" >/dev/null
fi

# module==version as imported, and the pip requirement that provides it.
missing=()
check() {
  python3 - "$1" "$2" <<'PY' || missing+=("$3")
import importlib, sys
module, wanted = sys.argv[1], sys.argv[2]
try:
    found = importlib.import_module(module)
except Exception:
    sys.exit(1)
version = getattr(found, "__version__", "")
sys.exit(0 if not wanted or version.startswith(wanted) else 1)
PY
}
check moto 5.2 'moto[server]==5.2.1'
check boto3 "" 'boto3'
check werkzeug "" 'werkzeug'
check grpc 1. 'grpcio==1.*'
check grpc_tools "" 'grpcio-tools==1.*'
check pytest "" 'pytest'
check jmespath 1. 'jmespath==1.*'
check yaml "" 'PyYAML'
if [ ${#missing[@]} -gt 0 ]; then
  echo "install-deps: pip install ${missing[*]}"
  python3 -m pip install --quiet --disable-pip-version-check "${missing[@]}"
fi
echo "install-deps: ready (python $(python3 -c 'import sys; print(sys.version.split()[0])'), swift $(swift --version 2>/dev/null | head -1 | sed 's/.*version \([0-9.]*\).*/\1/'))"
