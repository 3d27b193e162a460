#!/usr/bin/env bash
# Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
# SPDX-License-Identifier: Apache-2.0
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

# The exact versions of Tests/e2e/requirements.txt, installed only when one is missing or differs.
missing=$(python3 "$(dirname "$0")/unmet_requirements.py" "$(dirname "$0")/../Tests/e2e/requirements.txt")
if [ -n "$missing" ]; then
  # shellcheck disable=SC2086  # one requirement per word
  echo "install-deps: pip install" $missing
  python3 -m pip install --quiet --disable-pip-version-check $missing
fi
echo "install-deps: ready (python $(python3 -c 'import sys; print(sys.version.split()[0])'), swift $(swift --version 2>/dev/null | head -1 | sed 's/.*version \([0-9.]*\).*/\1/'))"
