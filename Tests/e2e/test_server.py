# Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
# SPDX-License-Identifier: Apache-2.0
"""End to end: the real executable, a real Unix socket and a gRPC client that is not ours (Python grpcio)."""

import json
import os
import shutil
import signal
import socket
import stat
import subprocess
import tempfile

import grpc
import pytest

import driver


def test_version_over_the_unix_socket(volume, start_provider):
    provider = start_provider(volume)
    response = driver.version(provider.socket)
    assert response.version == "v1alpha1"
    assert response.runtime_name == "secrets-store-csi-driver-provider-aws"
    major, minor, patch = response.runtime_version.split(".")
    assert all(part.isdigit() for part in (major, minor, patch))


@pytest.mark.parametrize("authority", ["localhost", "SOCKET_PATH"])
def test_any_authority_is_accepted(volume, start_provider, authority):
    # Driver v1.6 sends "localhost"; v1.5 and earlier send the socket path itself.
    provider = start_provider(volume)
    value = provider.socket if authority == "SOCKET_PATH" else authority
    assert driver.version(provider.socket, authority=value).version == "v1alpha1"


def test_socket_mode_is_0600(volume, start_provider):
    provider = start_provider(volume)
    mode = os.lstat(provider.socket).st_mode
    assert stat.S_ISSOCK(mode)
    assert stat.S_IMODE(mode) == 0o600


def test_an_invalid_mount_is_refused_before_any_network_call(volume, start_provider):
    # No Kubernetes configuration and no AWS endpoint: a request that cannot succeed fails on validation alone.
    provider = start_provider(volume)
    attributes = {"objects": "- objectName: db\n  objectType: secretsmanager\n",
                  "csi.storage.k8s.io/pod.name": "web", "csi.storage.k8s.io/pod.namespace": "default"}
    with pytest.raises(grpc.RpcError) as failure:
        driver.mount(provider.socket, attributes, target_path=volume)
    assert failure.value.code() == grpc.StatusCode.PERMISSION_DENIED
    assert "tokenRequests" in failure.value.details()


def test_a_stale_socket_is_replaced(volume, start_provider):
    first = start_provider(volume)
    assert first.stop(signal.SIGKILL) == -signal.SIGKILL
    assert stat.S_ISSOCK(os.lstat(first.socket).st_mode), "kill -9 leaves the socket file behind"
    second = start_provider(volume)
    assert driver.version(second.socket).version == "v1alpha1"


def test_sigterm_exits_0_and_removes_the_socket(volume, start_provider):
    provider = start_provider(volume)
    assert provider.stop(signal.SIGTERM) == 0
    assert not os.path.exists(provider.socket)
    assert "Shutting down" in provider.log()


def test_sigint_exits_0(volume, start_provider):
    provider = start_provider(volume)
    assert provider.stop(signal.SIGINT) == 0
    assert not os.path.exists(provider.socket)


def test_a_file_in_the_way_is_kept_and_named(volume, start_provider):
    path = os.path.join(volume, "aws.sock")
    with open(path, "w") as blocker:
        blocker.write("not a socket")
    provider = start_provider(volume, wait=False)
    assert provider.process.wait(timeout=20) != 0
    assert path in provider.log()
    with open(path) as blocker:
        assert blocker.read() == "not a socket"


CHART_ARGUMENTS = [
    ["--driver-writes-secrets=true", "--qps=20", "--burst=40"],
    ["--driver-writes-secrets", "--eks-addon-version=v2.1.0-eksbuild.1", "--pod-identity-http-timeout=500ms"],
    ["-driver-writes-secrets=False", "-qps=3"],
    ["--driver-writes-secrets=1", "--log-level=debug", "--log-format=json"],
]


@pytest.mark.parametrize("arguments", CHART_ARGUMENTS)
def test_incumbent_flag_forms_are_accepted(volume, start_provider, arguments):
    provider = start_provider(volume, *arguments)
    assert driver.version(provider.socket).version == "v1alpha1"
    assert provider.stop() == 0


@pytest.mark.parametrize("argument, flag", [
    ("--driver-writes-secrets=yes", "--driver-writes-secrets"),
    ("--qps=0", "--qps"),
    ("--burst=lots", "--burst"),
    ("--pod-identity-http-timeout=10", "--pod-identity-http-timeout"),
    ("--log-format=xml", "--log-format"),
])
def test_a_bad_flag_value_names_the_flag(provider_bin, argument, flag):
    result = subprocess.run([provider_bin, argument], capture_output=True, text=True, timeout=30)
    assert result.returncode != 0
    assert flag in result.stderr


def test_version_flag(provider_bin):
    result = subprocess.run([provider_bin, "--version"], capture_output=True, text=True, timeout=30)
    assert result.returncode == 0
    assert result.stdout.strip().count(".") == 2


def test_json_logs_are_one_object_per_line(volume, start_provider):
    # Version calls (the driver's health checks) are logged at debug level.
    provider = start_provider(volume, "--log-format=json", "--log-level=debug")
    driver.version(provider.socket)
    assert provider.stop() == 0
    lines = [json.loads(line) for line in provider.log().splitlines() if line.strip()]
    messages = [line["msg"] for line in lines]
    assert "Listening" in messages
    assert any(line.get("grpc.method") == "Version" and line.get("grpc.code") == "ok" for line in lines)
    assert all({"time", "level", "msg"} <= line.keys() for line in lines)


def test_generated_code_check_catches_a_renamed_field():
    root = driver.ROOT
    check = os.path.join(root, "scripts", "check-generated-code.sh")
    assert subprocess.run([check], capture_output=True, text=True, timeout=600).returncode == 0
    renamed = tempfile.mkdtemp(prefix="proto-")
    try:
        shutil.copytree(os.path.join(root, "proto"), renamed, dirs_exist_ok=True)
        proto = os.path.join(renamed, "v1alpha1", "service.proto")
        with open(proto) as original:
            text = original.read()
        assert "string target_path = 3;" in text
        with open(proto, "w") as changed:
            changed.write(text.replace("string target_path = 3;", "string mount_path = 3;"))
        result = subprocess.run([check], capture_output=True, text=True, timeout=600,
                                env={**os.environ, "PROTO_DIR": renamed})
        assert result.returncode != 0
        assert "out of date" in result.stderr
    finally:
        shutil.rmtree(renamed, ignore_errors=True)


def test_hundreds_of_concurrent_rpcs_on_one_connection(provider):
    """A burst of pod starts sends many Mounts at once over the driver's one connection: the server must announce a
    stream limit high enough that a client opening them all before reading the server's settings is not cut off."""
    service_pb2, service_pb2_grpc = driver.stubs()
    with driver.channel(provider.socket) as channel:
        stub = service_pb2_grpc.CSIDriverProviderStub(channel)
        futures = [stub.Version.future(service_pb2.VersionRequest(version="v1alpha1"), timeout=30) for _ in range(300)]
        answers = [future.result() for future in futures]
    assert len(answers) == 300 and all(answer.runtime_name for answer in answers)
