# Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
# SPDX-License-Identifier: Apache-2.0
"""deploy/, the plain manifests for `kubectl apply -f deploy/`: equal to the chart's rendering, valid for the
kubernetes-validate command line with --strict, and the same objects as AWS's kubectl installer; and the
ServiceMonitor's own validation."""

import copy
import os
import shutil
import subprocess
import sys

import jsonschema
import kubernetes_validate
import pytest
import yaml

from conftest import DEPLOY, KUBERNETES_VERSIONS, ROOT, Rendering, render, render_deploy, validate_service_monitor

SCRIPT = os.path.join(ROOT, "scripts", "render-deploy.py")


def deploy_files():
    return sorted(name for name in os.listdir(DEPLOY))


def deployed():
    files = {}
    for name in deploy_files():
        with open(os.path.join(DEPLOY, name), encoding="utf-8") as handle:
            files[name] = handle.read()
    return Rendering(files)


def test_the_check_passes_for_the_committed_deploy_directory():
    result = subprocess.run([sys.executable, SCRIPT, "--check"], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert "deploy/ is the chart's rendering" in result.stdout


def test_deploy_is_the_charts_rendering_file_by_file():
    wanted = render_deploy.wanted_files()
    assert deploy_files() == sorted(wanted) == ["daemonset.yaml", "rbac.yaml", "service.yaml", "serviceaccount.yaml"]
    for name, text in wanted.items():
        with open(os.path.join(DEPLOY, name), encoding="utf-8") as handle:
            assert handle.read() == text, f"deploy/{name} differs from the rendering"


def test_deploy_values_are_the_defaults_but_for_names_tolerations_and_the_driver():
    # The script's values change nothing else: rendered with the defaults as a release named like the chart (so every
    # name is the chart's name), then renamed, and with the tolerations taken out, the objects are deploy/'s.
    assert set(render_deploy.VALUES) == {"nameOverride", "tolerations", "secrets-store-csi-driver"}
    chart = "secrets-store-csi-driver-provider-aws"
    default = render({"secrets-store-csi-driver": {"install": False}}, name=chart)
    ours = deployed()
    assert ours.kinds() == default.kinds()
    for kind in ours.kinds():
        kept = {"CHART-LABEL": f"{chart}-0.1.0", "IMAGE": f"/{chart}-swift:"}  # not names: left as they are
        text = yaml.safe_dump(default.one(kind))
        for placeholder, original in kept.items():
            text = text.replace(original, placeholder)
        text = text.replace(chart, render_deploy.RELEASE)
        for placeholder, original in kept.items():
            text = text.replace(placeholder, original)
        theirs = yaml.safe_load(text)
        mine = copy.deepcopy(ours.one(kind))
        if kind == "DaemonSet":
            assert mine["spec"]["template"]["spec"].pop("tolerations") == [{"operator": "Exists"}]
        assert mine == theirs, kind


def test_the_check_fails_when_deploy_differs(tmp_path):
    # A copy of the repository's parts the script reads, with one manifest edited and one file too many.
    for part in ("charts", "deploy", "scripts"):
        shutil.copytree(os.path.join(ROOT, part), tmp_path / part)
    daemonset = tmp_path / "deploy" / "daemonset.yaml"
    daemonset.write_text(daemonset.read_text().replace("--log-level=info", "--log-level=debug"))
    (tmp_path / "deploy" / "extra.yaml").write_text("kind: ConfigMap\n")
    script = str(tmp_path / "scripts" / "render-deploy.py")
    result = subprocess.run([sys.executable, script, "--check"], capture_output=True, text=True, timeout=120)
    assert result.returncode == 1
    assert "daemonset.yaml, extra.yaml differ" in result.stderr
    result = subprocess.run([sys.executable, script], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert sorted(os.listdir(tmp_path / "deploy")) == deploy_files()
    result = subprocess.run([sys.executable, script, "--check"], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize("version", KUBERNETES_VERSIONS)
def test_every_file_in_deploy_passes_kubernetes_validate_strict(version):
    command = os.path.join(os.path.dirname(sys.executable), "kubernetes-validate")
    files = [os.path.join(DEPLOY, name) for name in deploy_files()]
    result = subprocess.run([command, "--strict", "--kubernetes-version", version, *files],
                            capture_output=True, text=True, timeout=120)
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "WARN" not in output and "ERROR" not in output, output
    assert output.count(" passed for resource ") == 5, output


def test_deploy_has_the_objects_of_the_incumbents_kubectl_installer():
    ours = deployed()
    assert sorted(ours.objects) == [
        ("ClusterRole", "csi-secrets-store-provider-aws-cluster-role"),
        ("ClusterRoleBinding", "csi-secrets-store-provider-aws-cluster-rolebinding"),
        ("DaemonSet", "csi-secrets-store-provider-aws"),
        ("Service", "csi-secrets-store-provider-aws-metrics"),
        ("ServiceAccount", "csi-secrets-store-provider-aws"),
    ]
    for (kind, _), document in ours.objects.items():
        if kind not in ("ClusterRole", "ClusterRoleBinding"):
            assert document["metadata"]["namespace"] == "kube-system"
    daemonset = ours.daemonset
    assert daemonset["metadata"]["labels"]["app"] == "csi-secrets-store-provider-aws"
    assert daemonset["spec"]["selector"] == {"matchLabels": {"app": "csi-secrets-store-provider-aws"}}
    assert daemonset["spec"]["updateStrategy"] == {"type": "RollingUpdate"}
    pod = ours.pod
    assert pod["serviceAccountName"] == "csi-secrets-store-provider-aws"
    assert pod["hostNetwork"] is False
    assert pod["nodeSelector"] == {"kubernetes.io/os": "linux"}
    assert pod["tolerations"] == [{"operator": "Exists"}]
    assert ours.container["name"] == "provider-aws-installer"
    assert ours.args[0] == "--provider-volume=/var/run/secrets-store-csi-providers"
    assert "--target-path-root=/var/lib/kubelet/pods" in ours.args
    assert ours.container["resources"] == {"requests": {"cpu": "50m", "memory": "100Mi"},
                                           "limits": {"cpu": "50m", "memory": "100Mi"}}
    assert pod["volumes"] == [
        {"name": "providervol", "hostPath": {"path": "/var/run/secrets-store-csi-providers"}},
        {"name": "mountpoint-dir", "hostPath": {"path": "/var/lib/kubelet/pods", "type": "DirectoryOrCreate"}},
    ]
    assert ours.container["volumeMounts"] == [
        {"name": "providervol", "mountPath": "/var/run/secrets-store-csi-providers"},
        {"name": "mountpoint-dir", "mountPath": "/var/lib/kubelet/pods", "mountPropagation": "HostToContainer"},
    ]
    role = ours.one("ClusterRole")
    assert [(rule["apiGroups"], rule["verbs"]) for rule in role["rules"]] == [([""], ["get"])]
    assert sorted(role["rules"][0]["resources"]) == ["nodes", "pods", "serviceaccounts"]
    binding = ours.one("ClusterRoleBinding")
    assert binding["roleRef"]["name"] == "csi-secrets-store-provider-aws-cluster-role"
    assert binding["subjects"] == [{"kind": "ServiceAccount", "name": "csi-secrets-store-provider-aws",
                                    "namespace": "kube-system"}]


def test_deploy_installs_no_driver():
    # With kubectl the driver is installed on its own (and its CSIDriver given the tokenRequests).
    assert not {"CSIDriver", "ServiceMonitor"} & set(deployed().kinds())


# ---- the ServiceMonitor, a CRD ----

def service_monitor():
    rendering = render({"metrics": {"serviceMonitor": {"enabled": True}}})
    return rendering.one("ServiceMonitor")


def test_kubernetes_validate_has_no_schema_for_the_service_monitor():
    # Which is why it is validated against servicemonitor.schema.json instead.
    with pytest.raises(kubernetes_validate.SchemaNotFoundError):
        kubernetes_validate.validate(service_monitor(), "1.37.0", strict=True)


def test_the_service_monitor_schema_is_strict():
    monitor = service_monitor()
    validate_service_monitor(monitor)
    for path, value in ((("spec", "endpoints", 0, "intervall"), "30s"), (("spec", "selectors"), {}),
                        (("spec", "endpoints", 0, "interval"), "30 seconds"), (("kind",), "PodMonitor")):
        broken = copy.deepcopy(monitor)
        target = broken
        for part in path[:-1]:
            target = target[part]
        target[path[-1]] = value
        with pytest.raises(jsonschema.ValidationError):
            validate_service_monitor(broken)
