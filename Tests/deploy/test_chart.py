# Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
# SPDX-License-Identifier: Apache-2.0
"""The Helm chart: lint, the default rendering in detail, naming and the incumbent's values (the overrides are in
test_chart_values.py, the driver dependency and NOTES.txt in test_chart_dependency.py). Nothing here runs the
provider."""

import json
import os
import textwrap

import helm_python
import pytest
import yaml

from conftest import (CHART, MISSING_DEPENDENCY, PROBE_COMMAND, ROOT, errors_and_warnings, render, role_resources,
                      validate)

DEFAULT_ARGS = [
    "--provider-volume=/var/run/secrets-store-csi-providers",
    "--target-path-root=/var/lib/kubelet/pods",
    "--volume-layout=generations",
    "--node-name=$(NODE_NAME)",
    "--reconcile-interval=2m",
    "--cache-ttl=30s",
    "--cache-max-bytes=33554432",
    "--cache-max-entries=10000",
    "--max-objects-per-class=1000",
    "--max-jmespath-entries-per-class=1000",
    "--max-template-bytes-per-class=65536",
    "--max-files-per-mount=1000",
    "--max-file-bytes=1048576",
    "--max-mount-bytes=2097152",
    "--max-jmespath-steps-per-mount=4194304",
    "--max-wildcard-matches=500",
    "--log-level=info",
    "--log-format=text",
    "--health-addr=:8989",
    "--metrics-addr=:8095",
    "--operations-read-timeout=5s",
    "--operations-max-connections=64",
]

# ---- lint ----

def test_lint_of_the_defaults_has_no_errors_and_only_the_missing_dependency_warning():
    # The driver dependency is not in charts/ (it cannot be fetched here): the chart still lints.
    report = helm_python.lint(CHART, with_subcharts=True)
    assert report["errors"] == []
    assert [message["error"] for message in errors_and_warnings(report)] == [MISSING_DEPENDENCY]


def test_lint_reports_a_value_the_schema_rejects():
    report = helm_python.lint(CHART, {"logFormat": "xml"})
    assert any("/logFormat" in error for error in report["errors"]), report


# ---- the default rendering ----

def test_the_defaults_render_the_provider_objects_without_the_driver_dependency(defaults):
    # The driver dependency is not in charts/ (no network here): the chart still renders, with the provider alone.
    assert defaults.kinds() == ["ClusterRole", "ClusterRoleBinding", "DaemonSet", "Service", "ServiceAccount"]


def test_default_daemonset_arguments_and_environment(defaults):
    assert defaults.container["name"] == "provider-aws-installer"
    assert defaults.args == DEFAULT_ARGS
    assert defaults.container["env"] == [
        {"name": "NODE_NAME", "valueFrom": {"fieldRef": {"fieldPath": "spec.nodeName"}}}]
    assert defaults.container["image"] == "public.ecr.aws/example/secrets-store-csi-driver-provider-aws-swift:0.1.0"
    assert defaults.container["imagePullPolicy"] == "IfNotPresent"


def test_default_volumes_are_the_incumbents(defaults):
    assert defaults.pod["volumes"] == [
        {"name": "providervol", "hostPath": {"path": "/var/run/secrets-store-csi-providers"}},
        {"name": "mountpoint-dir", "hostPath": {"path": "/var/lib/kubelet/pods", "type": "DirectoryOrCreate"}},
    ]
    assert defaults.container["volumeMounts"] == [
        {"name": "providervol", "mountPath": "/var/run/secrets-store-csi-providers"},
        {"name": "mountpoint-dir", "mountPath": "/var/lib/kubelet/pods", "mountPropagation": "HostToContainer"},
    ]


def test_default_security_context_is_hardened(defaults):
    assert defaults.container["securityContext"] == {
        "privileged": False,
        "allowPrivilegeEscalation": False,
        "readOnlyRootFilesystem": True,
        "runAsUser": 0,
        "capabilities": {"drop": ["ALL"]},
        "seccompProfile": {"type": "RuntimeDefault"},
    }
    assert defaults.pod["hostNetwork"] is False
    assert "securityContext" not in defaults.pod


def test_default_probes_and_ports(defaults):
    container = defaults.container
    assert container["ports"] == [
        {"name": "health", "containerPort": 8989, "protocol": "TCP"},
        {"name": "metrics", "containerPort": 8095, "protocol": "TCP"},
    ]
    assert container["livenessProbe"] == {"httpGet": {"path": "/healthz", "port": "health"}, "initialDelaySeconds": 5,
                                          "periodSeconds": 10, "timeoutSeconds": 3, "failureThreshold": 3}
    assert container["readinessProbe"] == {"httpGet": {"path": "/readyz", "port": "health"}, "periodSeconds": 10,
                                           "timeoutSeconds": 3, "failureThreshold": 3}


def test_default_scheduling_and_resources(defaults):
    pod = defaults.pod
    assert pod["nodeSelector"] == {"kubernetes.io/os": "linux"}
    assert pod["affinity"] == {"nodeAffinity": {"requiredDuringSchedulingIgnoredDuringExecution": {
        "nodeSelectorTerms": [{"matchExpressions": [
            {"key": "eks.amazonaws.com/compute-type", "operator": "NotIn", "values": ["fargate"]}]}]}}}
    assert "tolerations" not in pod
    assert defaults.container["resources"] == {"requests": {"cpu": "50m", "memory": "100Mi"},
                                               "limits": {"cpu": "50m", "memory": "100Mi"}}
    assert defaults.daemonset["spec"]["updateStrategy"] == {"type": "RollingUpdate"}


def test_default_rbac_is_get_only_on_serviceaccounts_pods_and_nodes(defaults):
    role = defaults.one("ClusterRole")
    assert role["rules"] == [{"apiGroups": [""], "resources": ["serviceaccounts", "pods", "nodes"], "verbs": ["get"]}]
    for rule in role["rules"]:
        assert rule["verbs"] == ["get"]
    binding = defaults.one("ClusterRoleBinding")
    account = defaults.one("ServiceAccount")
    assert binding["roleRef"] == {"apiGroup": "rbac.authorization.k8s.io", "kind": "ClusterRole",
                                  "name": role["metadata"]["name"]}
    assert binding["subjects"] == [{"kind": "ServiceAccount", "name": account["metadata"]["name"],
                                    "namespace": "kube-system"}]
    assert defaults.pod["serviceAccountName"] == account["metadata"]["name"]


def test_default_metrics_service_selects_the_provider_pods(defaults):
    service = defaults.one("Service")
    assert service["spec"]["clusterIP"] == "None"
    assert service["spec"]["ports"] == [{"name": "metrics", "port": 8095, "targetPort": "metrics", "protocol": "TCP"}]
    pod_labels = defaults.daemonset["spec"]["template"]["metadata"]["labels"]
    assert service["spec"]["selector"].items() <= pod_labels.items()


def test_the_selector_is_the_incumbent_charts(defaults):
    # `helm upgrade` of a release of AWS's chart to this one keeps its DaemonSet only if the selector is the same.
    assert defaults.daemonset["spec"]["selector"] == {"matchLabels": {"app": "secrets-store-csi-driver-provider-aws"}}
    labels = defaults.daemonset["spec"]["template"]["metadata"]["labels"]
    assert labels["app"] == "secrets-store-csi-driver-provider-aws"


def test_the_exec_probes_run_the_images_binary():
    # The image's binary is where the exec probes look for it.
    with open(os.path.join(ROOT, "Dockerfile"), encoding="utf-8") as handle:
        entrypoints = [line for line in handle if line.startswith("ENTRYPOINT ")]
    assert [json.loads(line.split(" ", 1)[1]) for line in entrypoints] == [PROBE_COMMAND[:1]]


def test_a_service_monitor_needs_metrics_on_the_pod_network():
    with pytest.raises(helm_python.HelmError, match="cannot be scraped from outside the pod"):
        render({"metrics": {"localhostOnly": True, "serviceMonitor": {"enabled": True}}})


def test_health_and_metrics_ports_must_differ():
    with pytest.raises(helm_python.HelmError, match="health.port and metrics.port must differ"):
        render({"metrics": {"port": 8989}})
    render({"metrics": {"enabled": False, "port": 8989}})


# ---- naming ----

@pytest.mark.parametrize("release,values,name", [
    ("secrets-provider-aws", {}, "secrets-provider-aws-secrets-store-csi-driver-provider-aws"),
    ("my-secrets-store-csi-driver-provider-aws", {}, "my-secrets-store-csi-driver-provider-aws"),
    ("csi-secrets-store-provider-aws", {"nameOverride": "csi-secrets-store-provider-aws"},
     "csi-secrets-store-provider-aws"),
    ("anything", {"fullnameOverride": "aws-provider"}, "aws-provider"),
    ("a-release-name-that-is-long-enough-to-need-truncation", {}, None),
])
def test_names_and_their_lengths(release, values, name):
    rendering = render(values, name=release)
    validate(rendering, versions=("1.37.0",))
    daemonset_name = rendering.daemonset["metadata"]["name"]
    if name is not None:
        assert daemonset_name == name
    assert len(daemonset_name) <= 63
    assert rendering.one("ClusterRole")["metadata"]["name"] == daemonset_name + "-cluster-role"
    assert rendering.one("ClusterRoleBinding")["metadata"]["name"] == daemonset_name + "-cluster-rolebinding"
    service = rendering.one("Service")["metadata"]["name"]
    assert service.endswith("-metrics") and len(service) <= 63  # a Service's name is a DNS label
    for document in rendering.objects.values():
        for value in document["metadata"]["labels"].values():
            assert len(value) <= 63


def test_a_values_file_of_the_incumbent_chart_works_unchanged():
    # Every key of AWS's chart (values.yaml and the template-only ones), none at its default.
    incumbent = yaml.safe_load(textwrap.dedent("""\
        image:
          repository: registry.example/mirror/provider
          pullPolicy: Always
          tag: 9.9.9
        awsRegion: ap-southeast-2
        nameOverride: ""
        fullnameOverride: aws-secrets
        providerVolume: /var/run/secrets-store-csi-providers
        kubeletPath: /var/lib/k0s/kubelet
        driverWritesSecrets: true
        commonLabels: {owner: platform}
        podLabels: {scope: node}
        podAnnotations: {example.com/scrape: "false"}
        affinity: {}
        resources:
          requests: {cpu: 100m, memory: 128Mi}
          limits: {cpu: 200m, memory: 256Mi}
        priorityClassName: system-node-critical
        nodeSelector: {node.example/role: worker}
        tolerations: [{operator: Exists}]
        port: 8989
        updateStrategy: {type: OnDelete}
        imagePullSecrets: [{name: mirror}]
        rbac: {install: true, serviceAccountName: aws-secrets-sa}
        securityContext: {privileged: false, allowPrivilegeEscalation: false}
        useFipsEndpoint: true
        podIdentityHttpTimeout:
        dnsPolicy: ClusterFirstWithHostNet
        dnsConfig: {options: [{name: ndots, value: "1"}]}
        k8sThrottlingParams: {qps: 10, burst: 20}
        eksAddonVersion: v3.1.1-eksbuild.1
        secrets-store-csi-driver:
          install: false
          fullnameOverride: secrets-store-csi-driver
          tokenRequests: [{audience: sts.amazonaws.com}, {audience: pods.eks.amazonaws.com}]
        """))
    rendering = render(incumbent, name="secrets-provider-aws")
    validate(rendering)
    assert rendering.daemonset["metadata"]["name"] == "aws-secrets"
    assert rendering.args[:6] == ["--provider-volume=/var/run/secrets-store-csi-providers",
                                  "--driver-writes-secrets=true", "--qps=10", "--burst=20",
                                  "--eks-addon-version=v3.1.1-eksbuild.1", "--target-path-root=/var/lib/k0s/kubelet/pods"]
    assert not [argument for argument in rendering.args if argument.startswith("--pod-identity-http-timeout")]
    assert rendering.env()["AWS_REGION"]["value"] == "ap-southeast-2"
    assert rendering.env()["AWS_USE_FIPS_ENDPOINT"]["value"] == "true"
    assert role_resources(rendering) == ["serviceaccounts"]
    assert rendering.pod["serviceAccountName"] == "aws-secrets-sa"
    assert rendering.container["securityContext"] == {"privileged": False, "allowPrivilegeEscalation": False,
                                                      "readOnlyRootFilesystem": True, "runAsUser": 0,
                                                      "capabilities": {"drop": ["ALL"]},
                                                      "seccompProfile": {"type": "RuntimeDefault"}}
