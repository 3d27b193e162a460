# Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
# SPDX-License-Identifier: Apache-2.0
"""The Helm chart's dependency on the Secrets Store CSI driver, its NOTES.txt and its packaging. Nothing here runs the
provider."""

import os
import shutil
import tarfile
import textwrap

import helm_python
import kubernetes_validate
import pytest
import yaml

from conftest import CHART, Rendering, errors_and_warnings, validate


# ---- the driver dependency ----

FAKE_DRIVER_TEMPLATE = """\
apiVersion: storage.k8s.io/v1
kind: CSIDriver
metadata:
  name: secrets-store.csi.k8s.io
  labels:
    app.kubernetes.io/instance: {{ .Release.Name }}
    fullname: {{ .Values.fullnameOverride }}
spec:
  podInfoOnMount: true
  attachRequired: false
  volumeLifecycleModes: [Ephemeral]
  tokenRequests:
    {{- toYaml .Values.tokenRequests | nindent 4 }}
"""


@pytest.fixture(scope="module")
def chart_with_fake_driver(tmp_path_factory):
    """A copy of the chart with a stand-in for the driver chart in charts/, as `helm dependency build` would leave
    it: it renders the driver's CSIDriver from the values this chart passes down."""
    copy = tmp_path_factory.mktemp("chart") / "secrets-store-csi-driver-provider-aws"
    shutil.copytree(CHART, copy)
    driver = copy / "charts" / "secrets-store-csi-driver"
    (driver / "templates").mkdir(parents=True)
    (driver / "Chart.yaml").write_text("apiVersion: v2\nname: secrets-store-csi-driver\nversion: 1.6.0\n")
    (driver / "values.yaml").write_text("tokenRequests: []\nfullnameOverride: \"\"\n")
    (driver / "templates" / "csidriver.yaml").write_text(FAKE_DRIVER_TEMPLATE)
    return str(copy)


def render_chart(path, values, name="secrets-provider-aws"):
    chart = helm_python.Chart.load(path)
    try:
        return chart.render(values, name=name, namespace="kube-system", is_install=True)
    finally:
        chart.close()


def test_the_driver_dependency_gets_token_requests_for_both_audiences(chart_with_fake_driver):
    report = helm_python.lint(chart_with_fake_driver, with_subcharts=True)
    assert report["errors"] == [] and errors_and_warnings(report) == []
    rendered = render_chart(chart_with_fake_driver, {})
    rendering = Rendering({path: text for path, text in rendered.items() if path.endswith(".yaml")})
    validate(rendering)
    driver = rendering.one("CSIDriver")
    assert driver["spec"]["tokenRequests"] == [{"audience": "sts.amazonaws.com"},
                                               {"audience": "pods.eks.amazonaws.com"}]
    assert driver["metadata"]["labels"]["fullname"] == "secrets-store-csi-driver"
    notes = rendered["secrets-store-csi-driver-provider-aws/templates/NOTES.txt"]
    assert "This release installed it (secrets-store-csi-driver)" in notes and "WARNING" not in notes


def test_the_driver_dependency_is_left_out_when_install_is_false(chart_with_fake_driver):
    rendered = render_chart(chart_with_fake_driver, {"secrets-store-csi-driver": {"install": False}})
    assert not [path for path in rendered if "/charts/secrets-store-csi-driver/" in path]
    notes = rendered["secrets-store-csi-driver-provider-aws/templates/NOTES.txt"]
    assert "installed separately" in notes and "WARNING" not in notes


def test_the_chart_names_the_driver_dependency_as_the_incumbent_does():
    with open(os.path.join(CHART, "Chart.yaml"), encoding="utf-8") as handle:
        chart = yaml.safe_load(handle)
    assert chart["apiVersion"] == "v2"
    assert chart["dependencies"] == [{
        "name": "secrets-store-csi-driver",
        "repository": "https://kubernetes-sigs.github.io/secrets-store-csi-driver/charts",
        "version": "^1",
        "condition": "secrets-store-csi-driver.install",
    }]
    with open(os.path.join(CHART, "values.yaml"), encoding="utf-8") as handle:
        values = yaml.safe_load(handle)
    assert values["secrets-store-csi-driver"]["install"] is True
    assert values["secrets-store-csi-driver"]["tokenRequests"] == [{"audience": "sts.amazonaws.com"},
                                                                   {"audience": "pods.eks.amazonaws.com"}]


# ---- NOTES.txt ----

def notes(values=None, name="secrets-provider-aws"):
    return render_chart(CHART, values or {}, name=name)["secrets-store-csi-driver-provider-aws/templates/NOTES.txt"]


def test_notes_tell_how_to_check_the_install():
    text = notes()
    daemonset = "secrets-provider-aws-secrets-store-csi-driver-provider-aws"
    assert f"kubectl -n kube-system rollout status daemonset/{daemonset}" in text
    assert ("kubectl -n kube-system logs -l app=secrets-store-csi-driver-provider-aws,"
            "app.kubernetes.io/instance=secrets-provider-aws") in text
    assert "kubectl get csidriver secrets-store.csi.k8s.io -o jsonpath='{.spec.tokenRequests[*].audience}'" in text
    # Installed without `helm dependency build`: the user is told the driver is missing, and how to fetch it.
    assert "WARNING" in text and "helm dependency build" in text
    assert "/readyz" in text and "/metrics" in text


def test_the_notes_test_secretproviderclass_and_pod_are_valid():
    text = notes()
    start = text.index("cat <<'EOF' | kubectl apply -f -\n") + len("cat <<'EOF' | kubectl apply -f -\n")
    documents = list(yaml.safe_load_all(textwrap.dedent(text[start:text.index("\n  EOF\n", start)])))
    spc, pod = documents
    assert spc["apiVersion"] == "secrets-store.csi.x-k8s.io/v1" and spc["kind"] == "SecretProviderClass"
    assert spc["spec"]["provider"] == "aws"
    assert yaml.safe_load(spc["spec"]["parameters"]["objects"]) == [
        {"objectName": "MySecret", "objectType": "secretsmanager"}]
    kubernetes_validate.validate(pod, "1.37.0", strict=True)
    assert pod["spec"]["volumes"][0]["csi"]["volumeAttributes"]["secretProviderClass"] == spc["metadata"]["name"]


def test_notes_with_metrics_on_localhost_say_it_cannot_be_scraped():
    text = notes({"metrics": {"localhostOnly": True}})
    assert "port-forward" in text and "cannot scrape it from outside the pod" in text
    assert "headless Service" not in text
    assert "headless Service" in notes()


def test_notes_without_metrics_say_nothing_of_them():
    text = notes({"metrics": {"enabled": False}, "secrets-store-csi-driver": {"install": False}})
    assert "/metrics" not in text and "WARNING" not in text


# ---- packaging ----

def test_the_chart_packages_once_its_dependency_is_there(chart_with_fake_driver, tmp_path):
    # `helm package` (unlike lint and template) needs the dependency: `helm dependency build` first.
    with pytest.raises(helm_python.HelmError, match="missing in charts/ directory: secrets-store-csi-driver"):
        helm_python.package(CHART, destination=str(tmp_path))
    archive = helm_python.package(chart_with_fake_driver, destination=str(tmp_path))
    with tarfile.open(archive) as packed:
        names = sorted(member.name for member in packed.getmembers())
    assert "secrets-store-csi-driver-provider-aws/values.schema.json" in names
    assert "secrets-store-csi-driver-provider-aws/templates/NOTES.txt" in names
    assert "secrets-store-csi-driver-provider-aws/charts/secrets-store-csi-driver/Chart.yaml" in names
