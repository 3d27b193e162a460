# Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
# SPDX-License-Identifier: Apache-2.0
"""The Helm chart's values: a matrix of overrides (each rendering strictly valid), every value at once, and the values
the schema rejects or accepts. Nothing here runs the provider."""

import helm_python
import pytest

from conftest import (CHART, MISSING_DEPENDENCY, PROBE_COMMAND, errors_and_warnings, merged, render, role_resources,
                      validate)


# ---- overrides ----

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


def check_plain_layout(r):
    assert "--volume-layout=plain" in r.args and "--volume-layout=generations" not in r.args


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
            "--max-template-bytes-per-class=4096", "--max-files-per-mount=110", "--max-file-bytes=65536", "--max-mount-bytes=16777216",
            "--max-jmespath-steps-per-mount=1000000", "--max-wildcard-matches=40"} <= set(r.args)


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
    ("volumeLayout plain", {"volumeLayout": "plain"}, check_plain_layout),
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
                                         "maxTemplateBytesPerClass": 4096,
                                         "maxFilesPerMount": 110, "maxFileBytes": 65536, "maxMountBytes": 16777216,
                                         "maxJmespathStepsPerMount": 1000000, "maxWildcardMatches": 40}},
     check_tenant_limits),
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


def test_lint_with_every_value_set_has_no_errors():
    report = helm_python.lint(CHART, EVERY_VALUE, with_subcharts=True)
    assert report["errors"] == []
    assert [message["error"] for message in errors_and_warnings(report)] == [MISSING_DEPENDENCY]


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
    ({"volumeLayout": "atomic"}, "/volumeLayout"),
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
