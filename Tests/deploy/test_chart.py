# Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
# SPDX-License-Identifier: Apache-2.0
"""The Helm chart and deploy/: lint, renderings for the defaults and a matrix of overrides, strict schema validation
of every manifest, the DaemonSet's arguments, volumes, security context and probes, the RBAC rules, and deploy/ equal
to the default rendering. Uses a real Helm (helm-python-sdk) and kubernetes-validate, both offline."""

import importlib.util
import os
import re
import subprocess

import helm_python
import kubernetes_validate
import pytest
import yaml

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
CHART = os.path.join(ROOT, "charts", "secrets-store-csi-driver-provider-aws")
KUBERNETES_VERSIONS = ("1.29.0", "1.37.0")

_spec = importlib.util.spec_from_file_location("render_deploy", os.path.join(ROOT, "scripts", "render-deploy.py"))
render_deploy = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(render_deploy)


def merged(base, extra):
    result = dict(base)
    for key, value in extra.items():
        result[key] = merged(result[key], value) if isinstance(value, dict) and isinstance(result.get(key), dict) \
            else value
    return result


def objects(values=None):
    """The rendered objects, by (kind, name), for the release deploy/ is rendered as, with `values` on top."""
    rendered = render_deploy.render(merged(render_deploy.VALUES, values or {}))
    found = {}
    for text in rendered.values():
        for document in yaml.safe_load_all(text):
            if document:
                found[(document["kind"], document["metadata"]["name"])] = document
    return found


def of_kind(found, kind):
    matches = [document for (found_kind, _), document in found.items() if found_kind == kind]
    assert len(matches) <= 1
    return matches[0] if matches else None


def container(found):
    return of_kind(found, "DaemonSet")["spec"]["template"]["spec"]["containers"][0]


def validate(found):
    for document in found.values():
        if document["kind"] == "ServiceMonitor":
            # A CRD of the Prometheus operator: kubernetes-validate has no schema for it; check its shape here.
            assert document["apiVersion"] == "monitoring.coreos.com/v1"
            assert document["spec"]["endpoints"][0]["port"] == "metrics"
            continue
        for version in KUBERNETES_VERSIONS:
            kubernetes_validate.validate(document, version, strict=True)


def test_lint_has_no_errors():
    result = helm_python.lint(CHART, with_subcharts=True)
    assert result["errors"] == []
    assert not [m for m in result["messages"] if m["severity"] >= 3], result["messages"]


def test_default_rendering():
    found = objects()
    validate(found)
    main = container(found)
    assert main["args"] == [
        "--provider-volume=/var/run/secrets-store-csi-providers",
        "--target-path-root=/var/lib/kubelet/pods",
        "--reconcile-interval=2m",
        "--cache-ttl=30s",
        "--cache-max-bytes=33554432",
        "--log-level=info",
        "--log-format=text",
        "--health-addr=:8989",
        "--metrics-addr=:8095",
    ]
    assert main["env"] == [{"name": "NODE_NAME", "valueFrom": {"fieldRef": {"fieldPath": "spec.nodeName"}}}]
    assert main["volumeMounts"] == [
        {"name": "providervol", "mountPath": "/var/run/secrets-store-csi-providers"},
        {"name": "mountpoint-dir", "mountPath": "/var/lib/kubelet/pods", "mountPropagation": "HostToContainer"},
    ]
    pod = of_kind(found, "DaemonSet")["spec"]["template"]["spec"]
    assert pod["volumes"] == [
        {"name": "providervol", "hostPath": {"path": "/var/run/secrets-store-csi-providers"}},
        {"name": "mountpoint-dir", "hostPath": {"path": "/var/lib/kubelet/pods", "type": "DirectoryOrCreate"}},
    ]
    assert main["securityContext"] == {
        "privileged": False, "allowPrivilegeEscalation": False, "readOnlyRootFilesystem": True, "runAsUser": 0,
        "capabilities": {"drop": ["ALL"]}, "seccompProfile": {"type": "RuntimeDefault"}}
    assert main["livenessProbe"]["httpGet"] == {"path": "/healthz", "port": "health"}
    assert main["readinessProbe"]["httpGet"] == {"path": "/readyz", "port": "health"}
    assert {port["name"]: port["containerPort"] for port in main["ports"]} == {"health": 8989, "metrics": 8095}
    assert main["resources"] == {"requests": {"cpu": "50m", "memory": "100Mi"},
                                 "limits": {"cpu": "50m", "memory": "100Mi"}}
    assert pod["nodeSelector"] == {"kubernetes.io/os": "linux"}
    assert pod["hostNetwork"] is False
    terms = pod["affinity"]["nodeAffinity"]["requiredDuringSchedulingIgnoredDuringExecution"]["nodeSelectorTerms"]
    assert terms[0]["matchExpressions"][0] == {"key": "eks.amazonaws.com/compute-type", "operator": "NotIn",
                                                "values": ["fargate"]}
    role = of_kind(found, "ClusterRole")
    assert role["rules"] == [{"apiGroups": [""], "resources": ["serviceaccounts", "pods", "nodes"], "verbs": ["get"]}]
    binding = of_kind(found, "ClusterRoleBinding")
    assert binding["roleRef"]["name"] == role["metadata"]["name"]
    assert binding["subjects"][0]["name"] == of_kind(found, "ServiceAccount")["metadata"]["name"]
    assert pod["serviceAccountName"] == of_kind(found, "ServiceAccount")["metadata"]["name"]
    assert of_kind(found, "Service")["spec"]["ports"][0]["targetPort"] == "metrics"
    assert of_kind(found, "ServiceMonitor") is None


def _args(found):
    return container(found)["args"]


OVERRIDES = [
    ("awsRegion sets AWS_REGION and drops the pods and nodes rules", {"awsRegion": "eu-west-1"},
     lambda found: {"name": "AWS_REGION", "value": "eu-west-1"} in container(found)["env"]
     and of_kind(found, "ClusterRole")["rules"][0]["resources"] == ["serviceaccounts"]),
    ("driverWritesSecrets", {"driverWritesSecrets": True},
     lambda found: "--driver-writes-secrets=true" in _args(found)),
    ("rbac.install false creates no ServiceAccount, ClusterRole or binding", {"rbac": {"install": False}},
     lambda found: not {"ServiceAccount", "ClusterRole", "ClusterRoleBinding"} & {kind for kind, _ in found}),
    ("rbac.serviceAccountName", {"rbac": {"serviceAccountName": "custom"}},
     lambda found: of_kind(found, "ServiceAccount")["metadata"]["name"] == "custom"
     and of_kind(found, "DaemonSet")["spec"]["template"]["spec"]["serviceAccountName"] == "custom"),
    ("kubeletPath moves the pods volume and the target path root", {"kubeletPath": "/data/kubelet"},
     lambda found: "--target-path-root=/data/kubelet/pods" in _args(found)
     and of_kind(found, "DaemonSet")["spec"]["template"]["spec"]["volumes"][1]["hostPath"]["path"]
     == "/data/kubelet/pods"),
    ("providerVolume", {"providerVolume": "/etc/kubernetes/secrets-store-csi-providers"},
     lambda found: "--provider-volume=/etc/kubernetes/secrets-store-csi-providers" in _args(found)),
    ("metrics disabled: no Service, no port, no endpoint", {"metrics": {"enabled": False}},
     lambda found: of_kind(found, "Service") is None and "--metrics-addr=" in _args(found)
     and [port["name"] for port in container(found)["ports"]] == ["health"]),
    ("serviceMonitor", {"metrics": {"serviceMonitor": {"enabled": True, "labels": {"release": "prom"}}}},
     lambda found: of_kind(found, "ServiceMonitor")["metadata"]["labels"]["release"] == "prom"),
    ("podIdentityHttpTimeout", {"podIdentityHttpTimeout": "500ms"},
     lambda found: "--pod-identity-http-timeout=500ms" in _args(found)),
    ("k8sThrottlingParams", {"k8sThrottlingParams": {"qps": 20, "burst": 40}},
     lambda found: {"--qps=20", "--burst=40"} <= set(_args(found))),
    ("eksAddonVersion", {"eksAddonVersion": "v1.2.3-eksbuild.1"},
     lambda found: "--eks-addon-version=v1.2.3-eksbuild.1" in _args(found)),
    ("useFipsEndpoint", {"useFipsEndpoint": True},
     lambda found: {"name": "AWS_USE_FIPS_ENDPOINT", "value": "true"} in container(found)["env"]),
    ("reconciliation, cache and logs", {"reconcileInterval": "0", "cacheTTL": "1m", "cacheMaxBytes": 1048576,
                                        "logLevel": "debug", "logFormat": "json"},
     lambda found: {"--reconcile-interval=0", "--cache-ttl=1m", "--cache-max-bytes=1048576", "--log-level=debug",
                    "--log-format=json"} <= set(_args(found))),
    ("ports", {"health": {"port": 9000}, "metrics": {"port": 9001}},
     lambda found: {"--health-addr=:9000", "--metrics-addr=:9001"} <= set(_args(found))),
    ("scheduling", {"tolerations": [{"operator": "Exists"}], "nodeSelector": {"pool": "system"},
                    "priorityClassName": "system-node-critical", "affinity": None},
     lambda found: of_kind(found, "DaemonSet")["spec"]["template"]["spec"]["tolerations"] == [{"operator": "Exists"}]
     and of_kind(found, "DaemonSet")["spec"]["template"]["spec"]["nodeSelector"]
     == {"kubernetes.io/os": "linux", "pool": "system"}
     and "affinity" not in of_kind(found, "DaemonSet")["spec"]["template"]["spec"]),
    ("labels, annotations, image, pull secrets and DNS",
     {"commonLabels": {"team": "platform"}, "podLabels": {"tier": "node"}, "podAnnotations": {"a": "b"},
      "image": {"repository": "registry.example/provider", "tag": "1.2.3", "pullPolicy": "Always"},
      "imagePullSecrets": [{"name": "registry"}], "dnsPolicy": "ClusterFirst",
      "dnsConfig": {"options": [{"name": "ndots", "value": "2"}]}},
     lambda found: container(found)["image"] == "registry.example/provider:1.2.3"
     and of_kind(found, "DaemonSet")["metadata"]["labels"]["team"] == "platform"
     and of_kind(found, "DaemonSet")["spec"]["template"]["metadata"]["labels"]["tier"] == "node"
     and of_kind(found, "DaemonSet")["spec"]["template"]["metadata"]["annotations"] == {"a": "b"}
     and of_kind(found, "DaemonSet")["spec"]["template"]["spec"]["imagePullSecrets"] == [{"name": "registry"}]
     and of_kind(found, "DaemonSet")["spec"]["template"]["spec"]["dnsConfig"]["options"][0]["value"] == "2"),
    ("updateStrategy", {"updateStrategy": {"type": "RollingUpdate", "rollingUpdate": {"maxUnavailable": "20%"}}},
     lambda found: of_kind(found, "DaemonSet")["spec"]["updateStrategy"]["rollingUpdate"]["maxUnavailable"] == "20%"),
]


@pytest.mark.parametrize("name,values,check", OVERRIDES, ids=[name for name, _, _ in OVERRIDES])
def test_override(name, values, check):
    found = objects(values)
    validate(found)
    assert check(found), name


@pytest.mark.parametrize("values,field", [
    ({"logFormat": "xml"}, "/logFormat"),
    ({"logLevel": "loud"}, "/logLevel"),
    ({"reconcileInterval": "soon"}, "/reconcileInterval"),
    ({"cacheTTL": 30}, "/cacheTTL"),
    ({"cacheMaxBytes": -1}, "/cacheMaxBytes"),
    ({"health": {"port": 0}}, "/health/port"),
    ({"podIdentityHttpTimeout": "5"}, "/podIdentityHttpTimeout"),
    ({"k8sThrottlingParams": {"qps": "fast"}}, "/k8sThrottlingParams/qps"),
    ({"providerVolume": "relative/path"}, "/providerVolume"),
])
def test_schema_rejects(values, field):
    with pytest.raises(helm_python.HelmError) as failure:
        render_deploy.render(merged(render_deploy.VALUES, values))
    assert f"at '{field}'" in str(failure.value)


def test_deploy_equals_the_default_rendering():
    result = subprocess.run(["python3", os.path.join(ROOT, "scripts", "render-deploy.py"), "--check"],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    for name in sorted(os.listdir(os.path.join(ROOT, "deploy"))):
        path = os.path.join(ROOT, "deploy", name)
        for document in yaml.safe_load_all(open(path)):
            for version in KUBERNETES_VERSIONS:
                kubernetes_validate.validate(document, version, strict=True)
    deployed = {}
    for name in os.listdir(os.path.join(ROOT, "deploy")):
        for document in yaml.safe_load_all(open(os.path.join(ROOT, "deploy", name))):
            deployed[(document["kind"], document["metadata"]["name"])] = document
    assert set(deployed) == {
        ("ServiceAccount", "csi-secrets-store-provider-aws"),
        ("ClusterRole", "csi-secrets-store-provider-aws-cluster-role"),
        ("ClusterRoleBinding", "csi-secrets-store-provider-aws-cluster-rolebinding"),
        ("DaemonSet", "csi-secrets-store-provider-aws"),
        ("Service", "csi-secrets-store-provider-aws-metrics"),
    }
    assert all(document["metadata"].get("namespace", "kube-system") == "kube-system" for document in deployed.values())


@pytest.mark.skipif(not os.environ.get("PROVIDER_BIN"), reason="needs the built provider (PROVIDER_BIN)")
def test_every_rendered_flag_is_one_the_provider_knows():
    helptext = subprocess.run([os.environ["PROVIDER_BIN"], "serve", "--help"], capture_output=True, text=True,
                              timeout=60).stdout
    known = set(re.findall(r"--([a-z0-9-]+)", helptext))
    values = {"driverWritesSecrets": True, "podIdentityHttpTimeout": "1s", "eksAddonVersion": "v1",
              "k8sThrottlingParams": {"qps": 5, "burst": 10}}
    for argument in _args(objects(values)):
        assert argument.split("=", 1)[0].lstrip("-") in known, argument
