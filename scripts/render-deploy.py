# Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
# SPDX-License-Identifier: Apache-2.0
"""Writes deploy/ (the plain manifests for `kubectl apply -f deploy/`) as the chart's default rendering, or checks
that deploy/ still is.

    python3 scripts/render-deploy.py [--check]

The release is named like the incumbent's kubectl installer (csi-secrets-store-provider-aws in kube-system), and the
driver dependency is left out: with kubectl the driver is installed on its own.
"""

import os
import sys

import helm_python

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CHART = os.path.join(ROOT, "charts", "secrets-store-csi-driver-provider-aws")
DEPLOY = os.path.join(ROOT, "deploy")
RELEASE = "csi-secrets-store-provider-aws"
NAMESPACE = "kube-system"
VALUES = {"fullnameOverride": RELEASE, "secrets-store-csi-driver": {"install": False}}
HEADER = ("# Generated from charts/secrets-store-csi-driver-provider-aws with its default values by\n"
          "# scripts/render-deploy.py; do not edit (CI checks that it matches the chart).\n")


def render(values=None, namespace=NAMESPACE):
    """{template file name: manifest text} of the chart, without NOTES.txt and empty templates."""
    chart = helm_python.Chart.load(CHART)  # Rendering changes a loaded chart: load it anew each time.
    rendered = chart.render(values if values is not None else VALUES, name=RELEASE, namespace=namespace,
                            is_install=True)
    manifests = {}
    for path, text in rendered.items():
        name = os.path.basename(path)
        if name.endswith(".yaml") and text.strip():
            manifests[name] = text.strip() + "\n"
    return manifests


def main():
    check = "--check" in sys.argv[1:]
    wanted = {name: HEADER + text for name, text in render().items()}
    existing = {}
    if os.path.isdir(DEPLOY):
        for name in sorted(os.listdir(DEPLOY)):
            with open(os.path.join(DEPLOY, name)) as handle:
                existing[name] = handle.read()
    if check:
        if existing != wanted:
            changed = sorted(set(existing) ^ set(wanted) | {n for n in wanted if existing.get(n) != wanted[n]})
            sys.exit(f"render-deploy: deploy/ differs from the chart's default rendering ({', '.join(changed)}); "
                     "run python3 scripts/render-deploy.py")
        print("render-deploy: deploy/ matches the chart")
        return
    os.makedirs(DEPLOY, exist_ok=True)
    for name in set(existing) - set(wanted):
        os.remove(os.path.join(DEPLOY, name))
    for name, text in wanted.items():
        with open(os.path.join(DEPLOY, name), "w") as handle:
            handle.write(text)
    print(f"render-deploy: wrote {', '.join(sorted(wanted))} to deploy/")


if __name__ == "__main__":
    main()
