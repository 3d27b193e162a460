# Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
# SPDX-License-Identifier: Apache-2.0
"""Operating the provider: /healthz, /readyz and /metrics over HTTP, the gRPC health service on the socket, one log
line per RPC, and logs that never hold a secret value or a token; the endpoints' limits on idle connections."""

import json
import os
import select
import shutil
import socket
import tempfile
import subprocess
import time

import pytest

import driver
import mountkit
from mountkit import attributes, unique
from mountkit import metric_samples as _samples, metric_value as _value


def _get(url):
    """(status, body) of `curl URL`, as an operator would check the endpoints."""
    result = subprocess.run(["curl", "-sS", "--max-time", "5", "-w", "\n%{http_code}", url], capture_output=True,
                            text=True, timeout=10)
    assert result.returncode == 0, result.stderr
    body, _, status = result.stdout.rpartition("\n")
    return int(status), body


@pytest.fixture
def operated(start_provider, rig):
    """A provider with known health and metrics ports, JSON logs at trace level and a 1s reconciliation."""
    directory = tempfile.mkdtemp(prefix="e2e-ops-", dir="/tmp")
    health, metrics = mountkit.free_port(), mountkit.free_port()
    arguments = mountkit.provider_arguments(
        directory, rig, f"--health-addr=127.0.0.1:{health}", f"--metrics-addr=127.0.0.1:{metrics}",
        "--log-format=json", "--log-level=trace", "--reconcile-interval=1s")
    provider = start_provider(directory, *arguments, env=mountkit.provider_environment(rig))
    provider.health = f"http://127.0.0.1:{health}"
    provider.metrics = f"http://127.0.0.1:{metrics}"
    yield provider
    shutil.rmtree(directory, ignore_errors=True)


def _mount_some(kit, provider, rig, target):
    """Two good mounts, a rotation picked up by the reconciler, and a refused mount; returns the secret values and
    the token used, which must never be logged."""
    ns = unique("ns")
    kit.pod(ns, "app", "app", role_arn=rig["irsa_role_arn"])
    secret, other = unique("ops"), unique("ops")
    values = ["s3cr3t-alpha-value", "p4ssw0rd-bravo-value", "r0tated-charlie-value"]
    kit.secret(secret, string=json.dumps({"username": "admin", "password": values[0]}))
    kit.secret(other, string=values[1])
    objects = [{"objectName": secret, "objectType": "secretsmanager",
                "jmesPath": [{"path": "password", "objectAlias": "password"}]},
               {"objectName": other, "objectType": "secretsmanager"}]
    request = attributes(objects, namespace=ns, region="us-east-1")
    driver.mount(provider.socket, request, target)
    driver.mount(provider.socket, request, target)
    kit.rotate(other, values[2])
    deadline = time.monotonic() + 30  # reconciling every second, with room for a loaded machine
    while time.monotonic() < deadline and open(os.path.join(target, other)).read() != values[2]:
        time.sleep(0.1)
    assert open(os.path.join(target, other)).read() == values[2]
    with pytest.raises(driver.grpc.RpcError):
        driver.mount(provider.socket, attributes(objects + [{"objectName": unique("absent"),
                                                             "objectType": "secretsmanager"}],
                                                 namespace=ns, region="us-east-1"), target)
    return values + [mountkit.IRSA_TOKEN], ns


def test_health_readiness_and_metrics(operated, kit, rig, target):
    assert _get(operated.health + "/healthz") == (200, "ok\n")
    status, text = _get(operated.health + "/readyz")
    assert status == 200 and "answers on" in text
    assert _get(operated.health + "/nothing-here")[0] == 404

    _mount_some(kit, operated, rig, target)
    status, exposition = _get(operated.metrics + "/metrics")
    assert status == 200
    samples = _samples(exposition)
    assert _value(samples, "secrets_provider_grpc_requests_total", method="Mount", code="ok") == 2
    assert _value(samples, "secrets_provider_grpc_requests_total", method="Mount", code="notFound") == 1
    assert _value(samples, "secrets_provider_grpc_request_duration_seconds_count", method="Mount") == 3
    assert _value(samples, "secrets_provider_aws_requests_total", operation="BatchGetSecretValue",
                  outcome="success", region="us-east-1", service="secretsmanager") >= 1
    assert _value(samples, "secrets_provider_aws_requests_total", operation="AssumeRoleWithWebIdentity") == 1
    assert _value(samples, "secrets_provider_aws_request_duration_seconds_count", operation="GetSecretValue") >= 1
    assert _value(samples, "secrets_provider_kubernetes_requests_total", resource="serviceaccounts") >= 1
    assert _value(samples, "secrets_provider_credential_refreshes_total", source="web_identity") == 1
    assert _value(samples, "secrets_provider_cache_lookups_total", result="hit") >= 1
    assert _value(samples, "secrets_provider_cache_lookups_total", result="miss") >= 1
    assert _value(samples, "secrets_provider_cache_bytes") > 0
    assert _value(samples, "secrets_provider_reconciles_total", outcome="changed") >= 1
    assert _value(samples, "secrets_provider_reconcile_files_written_total") >= 1
    assert _value(samples, "secrets_provider_reconcile_mounts") == 1
    for name in ("process_resident_memory_bytes", "process_open_fds", "process_cpu_seconds_total",
                 "process_start_time_seconds"):
        assert _value(samples, name) > 0, name


def test_made_up_regions_are_not_metric_labels(operated, kit, rig, target):
    """F11 of the 2026-12 review: the SecretProviderClass `region` (any DNS label) became a metric label, so a tenant
    could add series without bound. Only AWS's regions are labels; any other name is counted as `other`."""
    ns = unique("regions")
    kit.pod(ns, "app", "app", role_arn=rig["irsa_role_arn"])
    secret = unique("regions")
    kit.secret(secret, string="regions-value")
    driver.mount(operated.socket, attributes([{"objectName": secret, "objectType": "secretsmanager"}], namespace=ns,
                                             region="us-east-1"), target)
    made_up = [f"tenant-chosen-{index}" for index in range(30)]
    for region in made_up:
        request = attributes([{"objectName": secret, "objectType": "secretsmanager"}], namespace=ns, region=region)
        try:
            driver.mount(operated.socket, request, target)
        except driver.grpc.RpcError:
            pass  # Whether the fake AWS answers in such a region does not matter: each call was counted.
    status, exposition = _get(operated.metrics + "/metrics")
    assert status == 200
    samples = _samples(exposition)
    regions = {value for (_, pairs), _ in samples.items() for key, value in pairs if key == "region"}
    assert not regions & set(made_up), sorted(regions & set(made_up))
    assert "us-east-1" in regions
    assert _value(samples, "secrets_provider_aws_requests_total", region="other") >= len(made_up)


def test_readiness_follows_the_socket(operated):
    os.remove(operated.socket)
    status, text = _get(operated.health + "/readyz")
    assert status == 503 and "does not answer Version" in text
    assert _get(operated.health + "/healthz")[0] == 200


def test_the_probe_command_judges_the_health_endpoint(operated, provider_bin):
    """`probe`, which the chart's exec probes run in the container when health listens on 127.0.0.1 only: exit 0 for
    a 2xx or 3xx answer, 1 otherwise, with the reason on standard error."""
    port = operated.health.rsplit(":", 1)[1]

    def probe(*arguments):
        return subprocess.run([provider_bin, "probe", *arguments], capture_output=True, text=True, timeout=30)

    for address in (f"--health-addr=127.0.0.1:{port}", f"-health-addr=:{port}"):
        for path in ("/healthz", "/readyz"):
            result = probe(address, path)
            assert result.returncode == 0, result.stderr
    missing = probe(f"--health-addr=127.0.0.1:{port}", "/nothing-here")
    assert missing.returncode == 1 and "answered 404" in missing.stderr
    os.remove(operated.socket)
    unready = probe(f"--health-addr=127.0.0.1:{port}", "/readyz")
    assert unready.returncode == 1 and "answered 503" in unready.stderr and "does not answer Version" in unready.stderr
    operated.stop()
    gone = probe(f"--health-addr=127.0.0.1:{port}", "/healthz")
    assert gone.returncode == 1 and f"127.0.0.1:{port}" in gone.stderr


def test_grpc_health_service_on_the_socket(provider):
    health_pb2, health_pb2_grpc = driver.health_stubs()
    with driver.channel(provider.socket) as channel:
        stub = health_pb2_grpc.HealthStub(channel)
        for service in ("", "v1alpha1.CSIDriverProvider"):
            answer = stub.Check(health_pb2.HealthCheckRequest(service=service), timeout=5)
            assert answer.status == health_pb2.HealthCheckResponse.SERVING
        with pytest.raises(driver.grpc.RpcError) as failure:
            stub.Check(health_pb2.HealthCheckRequest(service="nope"), timeout=5)
        assert failure.value.code() == driver.grpc.StatusCode.NOT_FOUND
        watch = stub.Watch(health_pb2.HealthCheckRequest(service=""), timeout=5)
        assert next(watch).status == health_pb2.HealthCheckResponse.SERVING
        watch.cancel()


def test_one_log_line_per_mount_and_no_secret_or_token_anywhere(operated, kit, rig, target):
    forbidden, ns = _mount_some(kit, operated, rig, target)
    _, exposition = _get(operated.metrics + "/metrics")
    operated.stop()
    log = operated.log()
    lines = [json.loads(line) for line in log.splitlines() if line.strip()]
    mounts = [line for line in lines if line.get("msg") == "RPC finished" and line.get("grpc.method") == "Mount"]
    assert len(mounts) == 3, log[-2000:]
    for fields in mounts:
        assert fields["namespace"] == ns and fields["pod"] == "app" and fields["objects"] in ("2", "3")
        assert int(fields["grpc.duration_ms"]) >= 0
    assert any(line.get("level") == "trace" for line in lines), "the test must see trace-level lines"
    for text in forbidden:
        assert text not in log, f"{text!r} appears in the provider's log"
        assert text not in exposition, f"{text!r} appears in /metrics"


def _open_descriptors(process):
    return len(os.listdir(f"/proc/{process.pid}/fd"))


def _closed_by_peer(connections):
    """The connections the other end has closed (EOF or reset), checked without waiting."""
    poller = select.poll()
    by_descriptor = {}
    for connection in connections:
        poller.register(connection, select.POLLIN)
        by_descriptor[connection.fileno()] = connection
    closed = []
    for descriptor, _ in poller.poll(0):
        connection = by_descriptor[descriptor]
        try:
            if connection.recv(1) == b"":
                closed.append(connection)
        except OSError:
            closed.append(connection)
    return closed


def test_idle_connections_are_capped_and_timed_out(provider_bin, rig, kit, target):
    """F3 of the 2026-12 review: connections that send nothing used to be kept for ever, so 245 of them used up a
    256-descriptor limit and Mount failed. With the defaults (at most 64 connections per endpoint, 5s to send a
    request), 300 idle connections to each endpoint leave Mount working, and once they time out every endpoint
    answers again and the descriptors are back where they were."""
    import conftest

    directory = tempfile.mkdtemp(prefix="e2e-ops-", dir="/tmp")
    # The provider under the descriptor limit of the review's reproduction.
    wrapper = os.path.join(directory, "provider-256-fds")
    with open(wrapper, "w") as script:
        script.write(f'#!/bin/sh\nulimit -n 256\nexec {provider_bin} "$@"\n')
    os.chmod(wrapper, 0o755)
    health, metrics = mountkit.free_port(), mountkit.free_port()
    arguments = mountkit.provider_arguments(directory, rig, f"--health-addr=127.0.0.1:{health}",
                                            f"--metrics-addr=127.0.0.1:{metrics}")
    provider = conftest.Provider(wrapper, directory, arguments, mountkit.provider_environment(rig)).wait_ready()
    connections = []
    try:
        ns = unique("idle")
        kit.pod(ns, "app", "app", role_arn=rig["irsa_role_arn"])
        secret = unique("idle")
        kit.secret(secret, string="idle-connections-value")
        request = attributes([{"objectName": secret, "objectType": "secretsmanager"}], namespace=ns,
                             region="us-east-1")
        driver.mount(provider.socket, request, target)
        for url in (f"http://127.0.0.1:{health}/readyz", f"http://127.0.0.1:{metrics}/metrics"):
            assert _get(url)[0] == 200
        time.sleep(0.5)
        baseline = _open_descriptors(provider.process)

        for port in (health, metrics):
            for _ in range(300):
                connections.append(socket.create_connection(("127.0.0.1", port), timeout=5))
        # Beyond the cap, connections are closed at once, not queued.
        deadline = time.monotonic() + 3
        closed = []
        while time.monotonic() < deadline and len(closed) < 2 * (300 - 64):
            time.sleep(0.1)
            closed = _closed_by_peer(connections)
        assert len(closed) >= 2 * (300 - 64), f"only {len(closed)} connections over the cap were closed"
        assert _open_descriptors(provider.process) <= baseline + 2 * 64 + 8
        driver.mount(provider.socket, request, target)

        # The rest are closed by the read timeout; the endpoints then answer and the descriptors are back.
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline and len(_closed_by_peer(connections)) < len(connections):
            time.sleep(0.2)
        assert len(_closed_by_peer(connections)) == len(connections), "idle connections were kept past the timeout"
        assert _get(f"http://127.0.0.1:{health}/healthz") == (200, "ok\n")
        assert _get(f"http://127.0.0.1:{health}/readyz")[0] == 200
        assert _get(f"http://127.0.0.1:{metrics}/metrics")[0] == 200
        driver.mount(provider.socket, request, target)
        deadline = time.monotonic() + 5
        while time.monotonic() < deadline and _open_descriptors(provider.process) > baseline + 4:
            time.sleep(0.1)
        assert _open_descriptors(provider.process) <= baseline + 4
    finally:
        for connection in connections:
            connection.close()
        provider.stop()
        shutil.rmtree(directory, ignore_errors=True)
