# Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
# SPDX-License-Identifier: Apache-2.0
"""Secrets never land on a disk (security review F2): the provider writes only into a tmpfs (or ramfs) target, and a
target whose tmpfs the driver unmounted after the Mount (it keeps the directory) is forgotten, never written again.

Providers here start WITHOUT --allow-non-tmpfs-targets (every other e2e test passes it, as their targets are plain
directories). The tests that need a real tmpfs mount one and are skipped where `mount` is not allowed. They rely on:
the flag --reconcile-interval, the metric secrets_provider_reconciles_total{outcome="forgotten"} on --metrics-addr.
"""

import os
import shutil
import subprocess
import tempfile
import time

import pytest

import driver
import mountkit
from mountkit import attributes, unique

CODES = driver.grpc.StatusCode


def _arguments(volume, rig, *extra):
    return [argument for argument in mountkit.provider_arguments(volume, rig, *extra)
            if argument != "--allow-non-tmpfs-targets"]


@pytest.fixture
def strict_provider(start_provider, rig, volume):
    """Starts a provider that writes only into tmpfs or ramfs targets, with the given extra flags."""
    def start(*extra):
        return start_provider(volume, *_arguments(volume, rig, *extra), env=mountkit.provider_environment(rig))
    return start


@pytest.fixture
def tmpfs_target():
    path = tempfile.mkdtemp(prefix="e2e-tmpfs-", dir="/tmp")
    result = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", path], capture_output=True, text=True)
    if result.returncode != 0:
        os.rmdir(path)
        pytest.skip(f"cannot mount a tmpfs here: {result.stderr.strip()}")
    yield path
    subprocess.run(["umount", "-l", path], capture_output=True)
    shutil.rmtree(path, ignore_errors=True)


def _seeded(kit, rig):
    ns, name, value = unique("fs"), unique("fs-secret"), unique("s3cr3t-value")
    kit.pod(ns, "app", "app", role_arn=rig["irsa_role_arn"])
    kit.secret(name, string=value)
    return attributes([{"objectName": name, "objectType": "secretsmanager", "objectAlias": "db"}],
                      namespace=ns, region="us-east-1"), value


def test_a_target_on_a_disk_is_refused_and_nothing_is_written(kit, rig, strict_provider, target):
    provider = strict_provider()
    mount_attributes, value = _seeded(kit, rig)
    with pytest.raises(driver.grpc.RpcError) as failure:
        driver.mount(provider.socket, mount_attributes, target)
    assert failure.value.code() == CODES.INVALID_ARGUMENT
    assert "is not on tmpfs or ramfs" in failure.value.details()
    assert value not in failure.value.details()
    assert os.listdir(target) == []


def test_a_tmpfs_target_is_written_and_after_it_is_unmounted_nothing_reaches_the_disk(kit, rig, strict_provider,
                                                                                      tmpfs_target):
    provider = strict_provider("--reconcile-interval=1s", "--cache-ttl=0")
    mount_attributes, value = _seeded(kit, rig)
    driver.mount(provider.socket, mount_attributes, tmpfs_target)
    with open(os.path.join(tmpfs_target, "db")) as handle:
        assert handle.read() == value
    # What the driver does after a failed NodePublishVolume: unmount the tmpfs, keep the directory (now the disk's).
    subprocess.run(["umount", tmpfs_target], check=True)
    assert os.listdir(tmpfs_target) == []
    forgotten = {"outcome": "forgotten"}
    deadline = time.monotonic() + 30  # reconciling every second, with room for a loaded machine
    while provider.metric("secrets_provider_reconciles_total", **forgotten) < 1 and time.monotonic() < deadline:
        time.sleep(0.1)
    assert provider.metric("secrets_provider_reconciles_total", **forgotten) >= 1, \
        "the reconciler did not forget the unmounted target"
    time.sleep(2.5)  # two more passes: still nothing on the disk
    assert os.listdir(tmpfs_target) == [], "a secret was written onto the node's disk"
    assert value not in provider.log()
