# Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
# SPDX-License-Identifier: Apache-2.0
"""What the Mount end-to-end tests share: seeding the fake AWS and Kubernetes, building the driver's attributes,
and a provider started against the rig (endpoints, kubeconfig, Pod Identity agent)."""

import base64
import json
import os
import re
import socket
import stat
import time
import urllib.error
import urllib.request
import uuid

import boto3
from botocore.config import Config

NO_RETRIES = Config(retries={"total_max_attempts": 1, "mode": "standard"})
IRSA_TOKEN = "irsa-web-identity-token"


def control(url, method="GET", payload=None):
    """A JSON call to a rig control endpoint."""
    data = json.dumps(payload).encode() if payload is not None else None
    request = urllib.request.Request(url, data=data, method=method, headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return json.loads(response.read() or b"{}")
    except urllib.error.HTTPError as error:
        raise AssertionError(f"{method} {url}: {error.code} {error.read()!r}") from error


def unique(prefix):
    return f"{prefix}-{uuid.uuid4().hex[:8]}"


class Rig:
    """Seeds and inspects the fakes of one test."""

    def __init__(self, description):
        self.d = description

    def client(self, service, region, account=None):
        """A client of the rig's first account, or of its second one with `account="second"`."""
        keys = self.d["second_account"] if account == "second" else self.d
        return boto3.client(service, endpoint_url=self.d["aws"], region_name=region, config=NO_RETRIES,
                            aws_access_key_id=keys["access_key_id"], aws_secret_access_key=keys["secret_access_key"])

    def secret(self, name, region="us-east-1", string=None, binary=None, account=None):
        """Creates a secret (in the second account with `account="second"`); returns its ARN and first VersionId."""
        arguments = {"Name": name}
        if binary is not None:
            arguments["SecretBinary"] = binary
        else:
            arguments["SecretString"] = string
        created = self.client("secretsmanager", region, account).create_secret(**arguments)
        return created["ARN"], created["VersionId"]

    def rotate(self, name, string, region="us-east-1", account=None):
        """Puts a new AWSCURRENT version (the previous one becomes AWSPREVIOUS); returns its VersionId."""
        client = self.client("secretsmanager", region, account)
        return client.put_secret_value(SecretId=name, SecretString=string)["VersionId"]

    def parameter(self, name, value, region="us-east-1", kind="String", labels=(), account=None):
        """Creates or overwrites a parameter; returns its version; labels go on that version."""
        ssm = self.client("ssm", region, account)
        version = ssm.put_parameter(Name=name, Value=value, Type=kind, Overwrite=True)["Version"]
        if labels:
            ssm.label_parameter_version(Name=name, ParameterVersion=version, Labels=list(labels))
        return version

    def calls(self, operation=None):
        log = control(self.d["aws"] + "/__calls")["calls"]
        return [call for call in log if operation is None or call["operation"] == operation]

    def clear_calls(self):
        control(self.d["aws"] + "/__calls", "DELETE")

    def fault(self, operation, region=None, status=500, code=None, count=None, delay_ms=0, every=None):
        payload = {"operation": operation, "status": status, "delay_ms": delay_ms}
        for key, value in (("region", region), ("code", code), ("count", count), ("every", every)):
            if value is not None:
                payload[key] = value
        control(self.d["aws"] + "/__faults", "POST", payload)

    def faults(self):
        """The fake AWS's faults; a fault with a `count` shows how many uses it has left (taken as a call arrives)."""
        return control(self.d["aws"] + "/__faults")["faults"]

    def clear_faults(self):
        control(self.d["aws"] + "/__faults", "DELETE")
        control(self.d["kubernetes"] + "/__faults", "DELETE")
        control(self.d["pod_identity"].rsplit("/v1/", 1)[0] + "/__faults", "DELETE")

    def kubernetes_fault(self, path, status=500, delay_ms=0, count=None):
        payload = {"path": path, "status": status, "delay_ms": delay_ms}
        if count is not None:
            payload["count"] = count
        control(self.d["kubernetes"] + "/__faults", "POST", payload)

    def pod_identity_fault(self, status=500, delay_ms=0, count=None):
        payload = {"status": status, "delay_ms": delay_ms}
        if count is not None:
            payload["count"] = count
        control(self.d["pod_identity"].rsplit("/v1/", 1)[0] + "/__faults", "POST", payload)

    def kubernetes_objects(self, *manifests):
        control(self.d["kubernetes"] + "/__objects", "PUT", {"objects": list(manifests)})

    def kubernetes_requests(self):
        return control(self.d["kubernetes"] + "/__requests")["requests"]

    def associate(self, token, role_arn):
        control(self.d["pod_identity"].rsplit("/v1/", 1)[0] + "/__associations", "PUT", {token: role_arn})

    def pod(self, namespace, name, service_account, node="node-a", role_arn=None, region="us-east-1"):
        """Seeds the service account (with the IRSA role unless None is wanted), the pod and its node."""
        annotations = {"eks.amazonaws.com/role-arn": role_arn} if role_arn else {}
        self.kubernetes_objects(
            {"kind": "ServiceAccount", "metadata": {"name": service_account, "namespace": namespace,
                                                    "annotations": annotations}},
            {"kind": "Pod", "metadata": {"name": name, "namespace": namespace},
             "spec": {"nodeName": node, "serviceAccountName": service_account}},
            {"kind": "Node", "metadata": {"name": node, "labels": {"topology.kubernetes.io/region": region}}})


def attributes(objects, namespace="default", pod="app", service_account="app", tokens=None, **parameters):
    """The driver's attributes map: SecretProviderClass parameters plus the pod's fields and tokens."""
    if tokens is None:
        tokens = {"sts.amazonaws.com": {"token": IRSA_TOKEN, "expirationTimestamp": "2030-01-01T00:00:00Z"}}
    values = {
        "objects": objects if isinstance(objects, str) else json.dumps(objects),
        "csi.storage.k8s.io/pod.name": pod,
        "csi.storage.k8s.io/pod.namespace": namespace,
        "csi.storage.k8s.io/pod.uid": str(uuid.uuid4()),
        "csi.storage.k8s.io/serviceAccount.name": service_account,
        "csi.storage.k8s.io/serviceAccount.tokens": json.dumps(tokens),
    }
    values.update({key: str(value) for key, value in parameters.items()})
    return values


def mount_in(provider, namespace, objects, target, **parameters):
    """Mounts `objects` for the pod `app` of `namespace` through `provider`, in us-east-1 unless `region` is given."""
    import driver
    parameters.setdefault("region", "us-east-1")
    return driver.mount(provider.socket, attributes(objects, namespace=namespace, **parameters), target)


def wait_for(predicate, timeout=30):
    """Whether `predicate()` became true within `timeout` seconds (asked every 50 ms, and once more at the end)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.05)
    return predicate()


def reconcile_passes(provider):
    """How many mounts the provider's reconciliation has checked (one per registered mount per pass)."""
    return provider.metric("secrets_provider_reconciles_total")


def pod_identity_tokens(token):
    return {"pods.eks.amazonaws.com": {"token": token, "expirationTimestamp": "2030-01-01T00:00:00Z"}}


def write_kubeconfig(directory, rig_description):
    path = os.path.join(directory, "kubeconfig")
    with open(path, "w") as out:
        out.write(f"""apiVersion: v1
kind: Config
current-context: rig
clusters:
- name: rig
  cluster:
    server: {rig_description["kubernetes"]}
users:
- name: rig
  user:
    token: {rig_description["kubernetes_token"]}
contexts:
- name: rig
  context:
    cluster: rig
    user: rig
""")
    return path


def metric_samples(exposition):
    """{(name, frozenset of label pairs): value} of a Prometheus text exposition."""
    samples = {}
    for line in exposition.splitlines():
        match = re.match(r'^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$', line)
        if match:
            labels = frozenset(re.findall(r'([a-zA-Z_]+)="([^"]*)"', match.group(2) or ""))
            samples[(match.group(1), labels)] = float(match.group(3))
    return samples


def metric_value(samples, name, **labels):
    """The sum of the samples of `name` whose labels include `labels` (None when there is none)."""
    found = [value for (sample, pairs), value in samples.items()
             if sample == name and set(labels.items()) <= set(pairs)]
    return sum(found) if found else None


def scrape(base_url):
    """The samples of the provider's `/metrics` at `base_url` (http://host:port)."""
    with urllib.request.urlopen(base_url + "/metrics", timeout=10) as response:
        return metric_samples(response.read().decode())


def provider_environment(rig_description, **extra):
    """The provider's environment: every AWS endpoint at the fake AWS, no ambient credentials or region."""
    env = {key: value for key, value in os.environ.items()
           if not key.startswith("AWS_") and key not in ("KUBECONFIG", "NODE_NAME")}
    env["AWS_ENDPOINT_URL"] = rig_description["aws"]
    env.update(extra)
    return env


def free_port():
    """A TCP port on 127.0.0.1 that nothing listens on now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def provider_arguments(volume, rig_description, *extra):
    """The flags that point a provider at the rig. Test targets are plain directories (the driver mounts a tmpfs in a
    cluster), so writing into them is allowed; the tests of the tmpfs rule start providers without this flag."""
    arguments = [f"--kubeconfig={write_kubeconfig(volume, rig_description)}",
                 f"--pod-identity-endpoint={rig_description['pod_identity']}",
                 "--allow-non-tmpfs-targets"]
    if rig_description.get("pod_identity_ipv6"):
        arguments.append(f"--pod-identity-endpoint-ipv6={rig_description['pod_identity_ipv6']}")
    return arguments + list(extra)


def pod_targets(parent, count):
    """`count` empty pod volume directories `pod0`, `pod1`, ... under `parent`; their paths as strings."""
    targets = []
    for index in range(count):
        path = os.path.join(str(parent), f"pod{index}")
        os.mkdir(path)
        targets.append(path)
    return targets


def read_tree(directory):
    """{relative path: (bytes, mode)} of every file a reader of the volume `directory` sees, skipping the provider's
    own files: the top-level names (links through `..data` in the generation layout, plain files and directories in
    the plain one) are followed, the hidden `..` entries (generations, `..data`) are not listed themselves."""
    files = {}
    for name in sorted(os.listdir(directory)):
        if name.startswith("..") or name in ("aws.sock", "provider.log", "kubeconfig"):
            continue
        path = os.path.join(directory, name)
        if not os.path.isdir(path):
            files[name] = _read_file(path)
            continue
        for root, _, names in os.walk(path, followlinks=True):
            for child in names:
                child_path = os.path.join(root, child)
                files[os.path.relpath(child_path, directory)] = _read_file(child_path)
    return files


def _read_file(path):
    """(bytes, permission bits) of the file at `path`, following links."""
    with open(path, "rb") as handle:
        return handle.read(), stat.S_IMODE(os.stat(path).st_mode)


def process_status(pid):
    """{field: text} of /proc/PID/status (VmRSS, VmHWM, RssAnon, Threads ...; sizes as "1234 kB")."""
    with open(f"/proc/{pid}/status") as handle:
        return {key: value.strip() for key, value in (line.split(":", 1) for line in handle if ":" in line)}


def b64(data):
    return base64.b64encode(data).decode()
