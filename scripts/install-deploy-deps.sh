#!/usr/bin/env bash
# Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
# SPDX-License-Identifier: Apache-2.0
#
# Installs what the chart and manifest tests (Tests/deploy) and scripts/render-deploy.py need, only when it is
# missing, into the virtual environment .venv-deploy/ (kept apart from the system Python: Helm's Go SDK alone is a
# shared library of about 240 MB), at the exact versions of Tests/deploy/requirements.txt. Prints nothing when
# everything is there.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
venv="$root/.venv-deploy"

if [ ! -x "$venv/bin/python" ]; then
  if ! python3 -c 'import ensurepip, venv' 2>/dev/null; then
    # Debian's own python3 keeps venv and ensurepip in a separate package.
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq python3-venv >/dev/null
  fi
  echo "install-deploy-deps: creating .venv-deploy"
  python3 -m venv "$venv"
fi

missing=$("$venv/bin/python" "$root/scripts/unmet_requirements.py" "$root/Tests/deploy/requirements.txt")
if [ -n "$missing" ]; then
  # shellcheck disable=SC2086  # one requirement per word
  echo "install-deploy-deps: pip install into .venv-deploy:" $missing
  "$venv/bin/python" -m pip install --quiet --disable-pip-version-check $missing
fi
