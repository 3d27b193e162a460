# Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
# SPDX-License-Identifier: Apache-2.0
"""The Helm chart: lint, the default rendering in detail, a matrix of overrides (each rendering strictly valid),
values the schema rejects, naming, the incumbent's values, the driver dependency and NOTES.txt. Nothing here runs the
provider."""

import json
import os
import shutil
import tarfile
import textwrap

import helm_python
import kubernetes_validate
import pytest
import yaml

from conftest import CHART, ROOT, Rendering, merged, render, render_deploy, validate

DEFAULT_ARGS = [
    "--provider-volume=/var/run/secrets-store-csi-providers",
    "--target-path-root=/var/lib/kubelet/pods",
    "--node-name=$(NODE_NAME)",
    "--reconcile-interval=2m",
    "--cache-ttl=30s",
    "--cache-max-bytes=33554432",
    "--cache-max-entries=10000",
    "--max-objects-per-class=1000",
    "--max-jmespath-entries-per-class=1000",
    "--max-files-per-mount=1000",
    "--max-file-bytes=1048576",
    "--max-mount-bytes=2097152",
    "--max-jmespath-steps-per-mount=4194304",
    "--log-level=info",
    "--log-format=text",
    "--health-addr=:8989",
    "--metrics-addr=:8095",
    "--operations-read-timeout=5s",
    "--operations-max-connections=64",
]
PROBE_COMMAND = ["/bin/secrets-store-csi-driver-provider-aws", "probe"]
MISSING_DEPENDENCY = "chart directory is missing these dependencies: secrets-store-csi-driver"


def errors_and_warnings(report):
    return [message for message in report["messages"] if message["severity"] >= 2]


# ---- lint ----

def test_lint_of_the_defaults_has_no_errors_and_only_the_missing_dependency_warning():
    # The driver dependency is not in charts/ (it cannot be fetched here): the chart still lints.
    report = helm_python.lint(CHART, with_subcharts=True)
    assert report["errors"] == []
    assert [message["error"] for message in errors_and_warnings(report)] == [MISSING_DEPENDENCY]


def test_lint_with_every_value_set_has_no_errors():
    report = helm_python.lint(CHART, EVERY_VALUE, with_subcharts=True)
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


# ---- overrides ----

def role_resources(rendering):
    return [resource for rule in rendering.one("ClusterRole")["rules"] for resource in rule["resources"]]


def check_aws_region(r):
    assert r.env()["AWS_REGION"] == {"name": "AWS_REGION", "value": "eu-west-1"}
    assert role_resources(r) == ["serviceaccounts"]
    assert r.one("ClusterRole")["rules"][0]["verbs"] == ["get"]


def check_rbac_off(r):
    assert not {"ServiceAccount", "ClusterRole", "ClusterRoleBinding"} & set(r.kinds())
    assert r.pod["serviceAccountName"] == r.daemonset["metadata"]["name"]


def check_rbac_off_named(r):
    assert not {"ServiceAccount", "ClusterRole", "ClusterRoleBinding"} & set(r.kinds())
    assert r.pod["serviceAccountName"] == "existing-account"


def check_service_account_name(r):
    assert r.one("ServiceAccount")["metadata"]["name"] == "custom"
    assert r.one("ClusterRoleBinding")["subjects"][0]["name"] == "custom"
    assert r.pod["serviceAccountName"] == "custom"


def check_kubelet_path(r):
    assert "--target-path-root=/data/kubelet/pods" in r.args
    assert r.pod["volumes"][1] == {"name": "mountpoint-dir",
                                   "hostPath": {"path": "/data/kubelet/pods", "type": "DirectoryOrCreate"}}
    assert r.container["volumeMounts"][1] == {"name": "mountpoint-dir", "mountPath": "/data/kubelet/pods",
                                              "mountPropagation": "HostToContainer"}


def check_provider_volume(r):
    assert r.args[0] == "--provider-volume=/etc/kubernetes/secrets-store-csi-providers"
    assert r.pod["volumes"][0] == {"name": "providervol",
                                   "hostPath": {"path": "/etc/kubernetes/secrets-store-csi-providers"}}
    assert r.container["volumeMounts"][0] == {"name": "providervol",
                                              "mountPath": "/etc/kubernetes/secrets-store-csi-providers"}


def check_metrics_off(r):
    assert r.one("Service") is None and r.one("ServiceMonitor") is None
    assert "--metrics-addr=" in r.args
    assert [port["name"] for port in r.container["ports"]] == ["health"]


def check_service_monitor(r):
    monitor = r.one("ServiceMonitor")
    service = r.one("Service")
    assert monitor["metadata"]["labels"]["release"] == "prometheus"
    assert monitor["spec"]["selector"]["matchLabels"].items() <= service["metadata"]["labels"].items()
    assert monitor["spec"]["namespaceSelector"] == {"matchNames": ["kube-system"]}
    assert monitor["spec"]["endpoints"] == [{"port": service["spec"]["ports"][0]["name"], "path": "/metrics",
                                             "interval": "15s", "scrapeTimeout": "10s"}]


def check_pod_identity_timeout(r):
    assert "--pod-identity-http-timeout=500ms" in r.args


def check_throttling(r):
    assert r.args[1:3] == ["--qps=20", "--burst=40"]


def check_qps_only(r):
    assert "--qps=7" in r.args and not [a for a in r.args if a.startswith("--burst")]


def check_eks_addon_version(r):
    assert "--eks-addon-version=v1.2.3-eksbuild.1" in r.args


def check_fips(r):
    assert r.env()["AWS_USE_FIPS_ENDPOINT"] == {"name": "AWS_USE_FIPS_ENDPOINT", "value": "true"}


def check_driver_writes(r):
    assert r.args[:2] == ["--provider-volume=/var/run/secrets-store-csi-providers", "--driver-writes-secrets=true"]


def check_scheduling(r):
    assert r.pod["tolerations"] == [{"operator": "Exists"}]
    assert r.pod["nodeSelector"] == {"kubernetes.io/os": "linux", "node.example/pool": "system"}
    # Helm merges the map over the default one: the Fargate exclusion stays.
    assert r.pod["affinity"]["nodeAffinity"]["preferredDuringSchedulingIgnoredDuringExecution"] == [
        {"weight": 1, "preference": {"matchExpressions": [
            {"key": "node.example/pool", "operator": "In", "values": ["system"]}]}}]
    assert r.pod["affinity"]["nodeAffinity"]["requiredDuringSchedulingIgnoredDuringExecution"] == {
        "nodeSelectorTerms": [{"matchExpressions": [
            {"key": "eks.amazonaws.com/compute-type", "operator": "NotIn", "values": ["fargate"]}]}]}
    assert r.pod["priorityClassName"] == "system-node-critical"


def check_linux_kept(r):
    assert r.pod["nodeSelector"] == {"kubernetes.io/os": "linux"}
    assert "affinity" not in r.pod


def check_logging(r):
    assert {"--log-level=debug", "--log-format=json"} <= set(r.args)


def check_rotation_and_cache(r):
    assert {"--reconcile-interval=0", "--cache-ttl=1m30s", "--cache-max-bytes=1073741824"} <= set(r.args)


def check_tenant_limits(r):
    assert {"--cache-max-entries=500", "--max-objects-per-class=50", "--max-jmespath-entries-per-class=60",
            "--max-files-per-mount=110", "--max-file-bytes=65536", "--max-mount-bytes=16777216",
            "--max-jmespath-steps-per-mount=1000000"} <= set(r.args)


def check_ports(r):
    assert {"--health-addr=:9000", "--metrics-addr=:9001"} <= set(r.args)
    assert {p["name"]: p["containerPort"] for p in r.container["ports"]} == {"health": 9000, "metrics": 9001}
    assert r.container["livenessProbe"]["httpGet"]["port"] == "health"
    assert r.one("Service")["spec"]["ports"][0]["port"] == 9001


def check_health_on_localhost(r):
    assert "--health-addr=127.0.0.1:8989" in r.args and "--metrics-addr=:8095" in r.args
    # Nothing listens on the pod's IP for health: no port, and probes the kubelet runs inside the container.
    assert [port["name"] for port in r.container["ports"]] == ["metrics"]
    assert r.container["livenessProbe"] == {
        "exec": {"command": PROBE_COMMAND + ["--health-addr=127.0.0.1:8989", "/healthz"]},
        "initialDelaySeconds": 5, "periodSeconds": 10, "timeoutSeconds": 3, "failureThreshold": 3}
    assert r.container["readinessProbe"] == {
        "exec": {"command": PROBE_COMMAND + ["--health-addr=127.0.0.1:8989", "/readyz"]},
        "periodSeconds": 10, "timeoutSeconds": 3, "failureThreshold": 3}
    assert r.one("Service")["spec"]["ports"][0]["targetPort"] == "metrics"


def check_metrics_on_localhost(r):
    assert "--metrics-addr=127.0.0.1:8095" in r.args and "--health-addr=:8989" in r.args
    # It cannot be scraped from outside the pod: no port, no Service.
    assert r.one("Service") is None and r.one("ServiceMonitor") is None
    assert [port["name"] for port in r.container["ports"]] == ["health"]
    assert r.container["livenessProbe"]["httpGet"] == {"path": "/healthz", "port": "health"}


def check_both_on_localhost(r):
    assert {"--health-addr=127.0.0.1:9000", "--metrics-addr=127.0.0.1:9001"} <= set(r.args)
    assert "ports" not in r.container and r.one("Service") is None
    assert r.container["readinessProbe"]["exec"]["command"] == PROBE_COMMAND + ["--health-addr=127.0.0.1:9000",
                                                                                "/readyz"]


def check_operations_limits(r):
    assert {"--operations-read-timeout=1m30s", "--operations-max-connections=1000"} <= set(r.args)


def check_metadata(r):
    assert r.container["image"] == "registry.example/provider:1.2.3"
    assert r.container["imagePullPolicy"] == "Always"
    for document in r.objects.values():
        assert document["metadata"]["labels"]["team"] == "platform"
    template = r.daemonset["spec"]["template"]
    assert template["metadata"]["labels"]["tier"] == "node"
    assert template["metadata"]["labels"]["team"] == "platform"
    assert template["metadata"]["annotations"] == {"example.com/note": "x"}
    assert template["spec"]["imagePullSecrets"] == [{"name": "registry"}]
    assert template["spec"]["dnsPolicy"] == "ClusterFirst"
    assert template["spec"]["dnsConfig"] == {"options": [{"name": "ndots", "value": "2"}]}


def check_selector_labels_win(r):
    assert r.daemonset["spec"]["selector"]["matchLabels"] == {"app": "secrets-store-csi-driver-provider-aws"}
    assert r.daemonset["spec"]["template"]["metadata"]["labels"]["app"] == "secrets-store-csi-driver-provider-aws"
    assert r.daemonset["metadata"]["labels"]["app"] == "secrets-store-csi-driver-provider-aws"


def check_update_strategy(r):
    assert r.daemonset["spec"]["updateStrategy"] == {"type": "RollingUpdate", "rollingUpdate": {"maxUnavailable": "20%"}}


def check_security_context(r):
    # Helm merges a map given by the user over the default one: the hardening stays unless set to null.
    assert r.container["securityContext"] == {"runAsUser": 65532, "runAsGroup": 65532, "runAsNonRoot": True,
                                              "readOnlyRootFilesystem": True, "allowPrivilegeEscalation": False,
                                              "privileged": False, "capabilities": {"drop": ["ALL"]},
                                              "seccompProfile": {"type": "RuntimeDefault"}}


def check_resources_and_probes(r):
    assert r.container["resources"] == {"requests": {"cpu": "20m", "memory": "64Mi"}, "limits": {"memory": "128Mi"}}
    assert r.container["livenessProbe"] == {"httpGet": {"path": "/healthz", "port": "health"}, "periodSeconds": 30}


OVERRIDES = [
    ("awsRegion sets AWS_REGION and drops the pods and nodes rules", {"awsRegion": "eu-west-1"}, check_aws_region),
    ("driverWritesSecrets", {"driverWritesSecrets": True}, check_driver_writes),
    ("rbac.install false: no ServiceAccount, ClusterRole or binding", {"rbac": {"install": False}}, check_rbac_off),
    ("rbac.install false with an existing ServiceAccount",
     {"rbac": {"install": False, "serviceAccountName": "existing-account"}}, check_rbac_off_named),
    ("rbac.serviceAccountName", {"rbac": {"serviceAccountName": "custom"}}, check_service_account_name),
    ("kubeletPath moves the pods volume and the target path root", {"kubeletPath": "/data/kubelet"},
     check_kubelet_path),
    ("providerVolume", {"providerVolume": "/etc/kubernetes/secrets-store-csi-providers"}, check_provider_volume),
    ("metrics disabled: no Service, port or endpoint", {"metrics": {"enabled": False}}, check_metrics_off),
    ("metrics disabled wins over serviceMonitor",
     {"metrics": {"enabled": False, "serviceMonitor": {"enabled": True}}}, check_metrics_off),
    ("serviceMonitor", {"metrics": {"serviceMonitor": {"enabled": True, "interval": "15s",
                                                       "labels": {"release": "prometheus"}}}}, check_service_monitor),
    ("podIdentityHttpTimeout", {"podIdentityHttpTimeout": "500ms"}, check_pod_identity_timeout),
    ("k8sThrottlingParams", {"k8sThrottlingParams": {"qps": 20, "burst": 40}}, check_throttling),
    ("k8sThrottlingParams.qps alone", {"k8sThrottlingParams": {"qps": 7}}, check_qps_only),
    ("eksAddonVersion", {"eksAddonVersion": "v1.2.3-eksbuild.1"}, check_eks_addon_version),
    ("useFipsEndpoint", {"useFipsEndpoint": True}, check_fips),
    ("tolerations, nodeSelector, affinity and priorityClassName",
     {"tolerations": [{"operator": "Exists"}], "nodeSelector": {"node.example/pool": "system"},
      "priorityClassName": "system-node-critical",
      "affinity": {"nodeAffinity": {"preferredDuringSchedulingIgnoredDuringExecution": [
          {"weight": 1, "preference": {"matchExpressions": [
              {"key": "node.example/pool", "operator": "In", "values": ["system"]}]}}]}}},
     check_scheduling),
    ("nodeSelector cannot take Linux away; affinity null removes it",
     {"nodeSelector": {"kubernetes.io/os": "windows"}, "affinity": None}, check_linux_kept),
    ("logLevel and logFormat", {"logLevel": "debug", "logFormat": "json"}, check_logging),
    ("reconcileInterval, cacheTTL and a large cacheMaxBytes",
     {"reconcileInterval": 0, "cacheTTL": "1m30s", "cacheMaxBytes": 1073741824}, check_rotation_and_cache),
    ("the tenant limits and cacheMaxEntries",
     {"cacheMaxEntries": 500, "limits": {"maxObjectsPerClass": 50, "maxJmespathEntriesPerClass": 60,
                                         "maxFilesPerMount": 110, "maxFileBytes": 65536, "maxMountBytes": 16777216,
                                         "maxJmespathStepsPerMount": 1000000}}, check_tenant_limits),
    ("health and metrics ports", {"health": {"port": 9000}, "metrics": {"port": 9001}}, check_ports),
    ("health.localhostOnly: 127.0.0.1 and exec probes", {"health": {"localhostOnly": True}},
     check_health_on_localhost),
    ("metrics.localhostOnly: 127.0.0.1, no port and no Service", {"metrics": {"localhostOnly": True}},
     check_metrics_on_localhost),
    ("both on localhost, other ports",
     {"health": {"port": 9000, "localhostOnly": True}, "metrics": {"port": 9001, "localhostOnly": True}},
     check_both_on_localhost),
    ("operations.readTimeout and maxConnections", {"operations": {"readTimeout": "1m30s", "maxConnections": 1000}},
     check_operations_limits),
    ("labels, annotations, image, pull secrets and DNS",
     {"commonLabels": {"team": "platform"}, "podLabels": {"tier": "node"},
      "podAnnotations": {"example.com/note": "x"},
      "image": {"repository": "registry.example/provider", "tag": "1.2.3", "pullPolicy": "Always"},
      "imagePullSecrets": [{"name": "registry"}], "dnsPolicy": "ClusterFirst",
      "dnsConfig": {"options": [{"name": "ndots", "value": "2"}]}}, check_metadata),
    ("commonLabels and podLabels cannot change the selector label",
     {"commonLabels": {"app": "other"}, "podLabels": {"app": "other"}}, check_selector_labels_win),
    ("updateStrategy", {"updateStrategy": {"type": "RollingUpdate", "rollingUpdate": {"maxUnavailable": "20%"}}},
     check_update_strategy),
    ("a non-root securityContext merges over the hardened one",
     {"driverWritesSecrets": True, "securityContext": {"runAsUser": 65532, "runAsGroup": 65532, "runAsNonRoot": True}},
     check_security_context),
    ("resources and probe timings",
     {"resources": {"requests": {"cpu": "20m", "memory": "64Mi"}, "limits": {"cpu": None, "memory": "128Mi"}},
      "livenessProbe": {"initialDelaySeconds": None, "periodSeconds": 30, "timeoutSeconds": None,
                        "failureThreshold": None}},
     check_resources_and_probes),
]


@pytest.mark.parametrize("values,check", [case[1:] for case in OVERRIDES], ids=[case[0] for case in OVERRIDES])
def test_override(values, check):
    rendering = render(values, name="csi-secrets-store-provider-aws")
    validate(rendering)
    check(rendering)


# Every value at once, none at its default: for lint and for the incumbent's values below.
EVERY_VALUE = {}
for _, _values, _ in OVERRIDES:
    if "metrics" not in _values and "rbac" not in _values:
        EVERY_VALUE = merged(EVERY_VALUE, _values)


def test_every_value_at_once_is_valid():
    validate(render(EVERY_VALUE))


# ---- the schema ----

@pytest.mark.parametrize("values,where", [
    ({"logFormat": "xml"}, "/logFormat"),
    ({"logLevel": "loud"}, "/logLevel"),
    ({"logLevel": "INFO"}, "/logLevel"),
    ({"reconcileInterval": "soon"}, "/reconcileInterval"),
    ({"reconcileInterval": "-1m"}, "/reconcileInterval"),
    ({"reconcileInterval": "2 m"}, "/reconcileInterval"),
    ({"cacheTTL": 30}, "/cacheTTL"),
    ({"cacheTTL": "30"}, "/cacheTTL"),
    ({"cacheMaxBytes": -1}, "/cacheMaxBytes"),
    ({"cacheMaxBytes": "32Mi"}, "/cacheMaxBytes"),
    ({"cacheMaxEntries": 0}, "/cacheMaxEntries"),
    ({"limits": {"maxFileBytes": "1Mi"}}, "/limits/maxFileBytes"),
    ({"limits": {"maxObjectsPerClass": 0}}, "/limits/maxObjectsPerClass"),
    ({"limits": {"maxObjects": 10}}, "/limits"),
    ({"podIdentityHttpTimeout": "5"}, "/podIdentityHttpTimeout"),
    ({"podIdentityHttpTimeout": "fast"}, "/podIdentityHttpTimeout"),
    ({"health": {"port": 0}}, "/health/port"),
    ({"metrics": {"port": 70000}}, "/metrics/port"),
    ({"metrics": {"enabled": "yes"}}, "/metrics/enabled"),
    ({"metrics": {"localhostOnly": "yes"}}, "/metrics/localhostOnly"),
    ({"health": {"localhostOnly": 1}}, "/health/localhostOnly"),
    ({"operations": {"readTimeout": "0"}}, "/operations/readTimeout"),
    ({"operations": {"readTimeout": "0s"}}, "/operations/readTimeout"),
    ({"operations": {"readTimeout": 0}}, "/operations/readTimeout"),
    ({"operations": {"readTimeout": "5"}}, "/operations/readTimeout"),
    ({"operations": {"maxConnections": 0}}, "/operations/maxConnections"),
    ({"operations": {"maxConnections": "64"}}, "/operations/maxConnections"),
    ({"operations": {"maxConnectoins": 64}}, "/operations"),
    ({"metrics": {"serviceMonitor": {"interval": "half a minute"}}}, "/metrics/serviceMonitor/interval"),
    ({"k8sThrottlingParams": {"qps": "fast"}}, "/k8sThrottlingParams/qps"),
    ({"k8sThrottlingParams": {"qsp": 5}}, "/k8sThrottlingParams"),
    ({"providerVolume": "relative/path"}, "/providerVolume"),
    ({"kubeletPath": "/var/lib/kubelet/"}, "/kubeletPath"),
    ({"awsRegion": "US East"}, "/awsRegion"),
    ({"driverWritesSecrets": "true"}, "/driverWritesSecrets"),
    ({"useFipsEndpoint": 1}, "/useFipsEndpoint"),
    ({"image": {"pullPolicy": "Sometimes"}}, "/image/pullPolicy"),
    ({"dnsPolicy": "Cluster"}, "/dnsPolicy"),
    ({"updateStrategy": {"type": "Recreate"}}, "/updateStrategy/type"),
    ({"rbac": {"install": "no"}}, "/rbac/install"),
    ({"tolerations": {"operator": "Exists"}}, "/tolerations"),
    ({"readinessProbe": {"httpGet": {"path": "/"}}}, "/readinessProbe"),
    ({"logLevl": "debug"}, ""),
])
def test_the_schema_rejects(values, where):
    with pytest.raises(helm_python.HelmError) as failure:
        render(values)
    assert f"at '{where}'" in str(failure.value), str(failure.value)


@pytest.mark.parametrize("duration", ["0", 0, "1h30m", "1.5s", ".5s", "500ms", "300us", "2\u00b5s", "10ns", "72h"])
def test_the_schema_accepts_go_durations(duration):
    rendering = render({"reconcileInterval": duration, "cacheTTL": duration})
    assert f"--reconcile-interval={duration}" in rendering.args


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
