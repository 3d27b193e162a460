# Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
# SPDX-License-Identifier: Apache-2.0
"""Helpers of the chart and manifest tests: render the chart with a real Helm (helm-python-sdk, offline), index the
objects, and validate them strictly against Kubernetes' own schemas (kubernetes-validate) or, for the Prometheus
operator's ServiceMonitor, which is a CRD those schemas lack, against servicemonitor.schema.json.

Run them with the venv's Python (scripts/install-deploy-deps.sh makes it):
    .venv-deploy/bin/python -m pytest -q Tests/deploy
"""

import atexit
import importlib.util
import json
import os
import shutil
import tempfile

import jsonschema
import kubernetes_validate
import pytest
import yaml

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
SOURCE_CHART = os.path.join(ROOT, "charts", "secrets-store-csi-driver-provider-aws")
# The tests lint and render a copy without charts/ and Chart.lock, as in a fresh clone, whether or not this checkout
# has run `helm dependency build`.
_copies = tempfile.mkdtemp(prefix="chart-under-test-")
atexit.register(shutil.rmtree, _copies, True)
CHART = os.path.join(_copies, "secrets-store-csi-driver-provider-aws")
shutil.copytree(SOURCE_CHART, CHART, ignore=lambda directory, names: [
    name for name in names if directory == SOURCE_CHART and name in ("charts", "Chart.lock")])
DEPLOY = os.path.join(ROOT, "deploy")
# The oldest and the newest schemas kubernetes-validate ships.
KUBERNETES_VERSIONS = ("1.25.0", "1.37.0")

_spec = importlib.util.spec_from_file_location("render_deploy", os.path.join(ROOT, "scripts", "render-deploy.py"))
render_deploy = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(render_deploy)

with open(os.path.join(HERE, "servicemonitor.schema.json"), encoding="utf-8") as _handle:
    SERVICE_MONITOR_SCHEMA = json.load(_handle)


def merged(base, extra):
    """`extra` deep-merged over `base` (dictionaries merge; anything else replaces)."""
    result = dict(base)
    for key, value in extra.items():
        if isinstance(value, dict) and isinstance(result.get(key), dict):
            result[key] = merged(result[key], value)
        else:
            result[key] = value
    return result


class Rendering:
    """The objects of one rendering, by kind and name, with the DaemonSet's parts at hand."""

    def __init__(self, manifests):
        self.manifests = manifests
        self.objects = {}
        for file_name, text in manifests.items():
            for document in yaml.safe_load_all(text):
                if document:
                    key = (document["kind"], document["metadata"]["name"])
                    assert key not in self.objects, f"{key} rendered twice"
                    self.objects[key] = document

    def kinds(self):
        return sorted({kind for kind, _ in self.objects})

    def all(self, kind):
        return [document for (found, _), document in sorted(self.objects.items()) if found == kind]

    def one(self, kind):
        """The only object of `kind`, or None."""
        found = self.all(kind)
        assert len(found) <= 1, f"{len(found)} objects of kind {kind}"
        return found[0] if found else None

    @property
    def daemonset(self):
        return self.one("DaemonSet")

    @property
    def pod(self):
        return self.daemonset["spec"]["template"]["spec"]

    @property
    def container(self):
        containers = self.pod["containers"]
        assert len(containers) == 1
        return containers[0]

    @property
    def args(self):
        return self.container["args"]

    def env(self):
        return {entry["name"]: entry for entry in self.container.get("env", [])}


def render(values=None, name=render_deploy.RELEASE, namespace=render_deploy.NAMESPACE):
    """The chart rendered with `values` over its defaults (not deploy/'s values), as a Rendering."""
    return Rendering(render_deploy.render(values or {}, name=name, namespace=namespace, chart_path=CHART))


def validate(rendering, versions=KUBERNETES_VERSIONS):
    """Every object passes strict validation: unknown fields, wrong types and missing required fields fail."""
    for (kind, name), document in rendering.objects.items():
        if kind == "ServiceMonitor":
            validate_service_monitor(document)
            continue
        for version in versions:
            try:
                kubernetes_validate.validate(document, version, strict=True)
            except kubernetes_validate.ValidationError as error:
                pytest.fail(f"{kind}/{name} is invalid for Kubernetes {version}: {error.message} at "
                            f"{'.'.join(str(part) for part in error.path)}")


def validate_service_monitor(document):
    """A CRD: kubernetes-validate has no schema for it (checked in the tests), so it is validated here against the
    part of the Prometheus operator's schema the chart uses, as strictly (no unknown fields)."""
    jsonschema.validate(document, SERVICE_MONITOR_SCHEMA)


@pytest.fixture(scope="session")
def defaults():
    """The chart with its own defaults and no values at all, as `helm install` would render it."""
    rendering = render()
    validate(rendering)
    return rendering


# ---- shared by the chart tests ----

PROBE_COMMAND = ["/bin/secrets-store-csi-driver-provider-aws", "probe"]
MISSING_DEPENDENCY = "chart directory is missing these dependencies: secrets-store-csi-driver"


def errors_and_warnings(report):
    return [message for message in report["messages"] if message["severity"] >= 2]


def role_resources(rendering):
    return [resource for rule in rendering.one("ClusterRole")["rules"] for resource in rule["resources"]]
