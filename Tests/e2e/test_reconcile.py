# Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
# SPDX-License-Identifier: Apache-2.0
"""Rotation that reaches running pods through the provider's own reconciliation (no Mount call), and the AWS call
budget of the per-node cache and BatchGetSecretValue, counted in the fake AWS."""

import concurrent.futures
import json
import os
import shutil
import tempfile
import time
import uuid

import pytest

import driver
import mountkit
from mountkit import attributes, read_tree, unique

INTERVAL = 1.0


@pytest.fixture(scope="module")
def reconciling(provider_bin, rig):
    """A provider reconciling every second with a one-second cache window."""
    directory = tempfile.mkdtemp(prefix="e2e-reconcile-", dir="/tmp")
    arguments = mountkit.provider_arguments(directory, rig, "--reconcile-interval=1s", "--cache-ttl=1s")
    from conftest import Provider

    provider = Provider(provider_bin, directory, arguments, mountkit.provider_environment(rig)).wait_ready()
    yield provider
    provider.stop()
    shutil.rmtree(directory, ignore_errors=True)


@pytest.fixture(scope="module")
def caching(provider_bin, rig):
    """A provider with the default cache window and no reconciliation during the test."""
    directory = tempfile.mkdtemp(prefix="e2e-cache-", dir="/tmp")
    arguments = mountkit.provider_arguments(directory, rig, "--reconcile-interval=0")
    from conftest import Provider

    provider = Provider(provider_bin, directory, arguments, mountkit.provider_environment(rig)).wait_ready()
    yield provider
    provider.stop()
    shutil.rmtree(directory, ignore_errors=True)


def _wait_for(condition, what, timeout=4 * INTERVAL + 4):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.05)
    raise AssertionError(f"{what} did not happen within {timeout:.0f}s")


def _file(target, name):
    try:
        with open(os.path.join(target, name), "rb") as handle:
            return handle.read()
    except FileNotFoundError:
        return None


def test_rotations_reach_the_files_without_a_mount(kit, reconciling, rig, target):
    ns = unique("ns")
    kit.pod(ns, "app", "app", role_arn=rig["irsa_role_arn"])
    db, pinned, staged = unique("db"), unique("pinned"), unique("staged")
    parameter = "/" + unique("param")
    kit.secret(db, string=json.dumps({"username": "admin", "password": "one"}))
    _, pinned_version = kit.secret(pinned, string="pinned-one")
    _, staged_first = kit.secret(staged, string="staged-one")
    kit.parameter(parameter, "param-one")
    objects = [
        {"objectName": db, "objectType": "secretsmanager",
         "jmesPath": [{"path": "password", "objectAlias": "password"}]},
        {"objectName": pinned, "objectType": "secretsmanager", "objectVersion": pinned_version},
        {"objectName": staged, "objectType": "secretsmanager"},
        {"objectName": parameter, "objectType": "ssmparameter", "objectAlias": "param"},
    ]
    driver.mount(reconciling.socket, attributes(objects, namespace=ns, region="us-east-1"), target)
    assert _file(target, "password") == b"one"
    unchanged_inode = os.stat(os.path.join(target, pinned)).st_ino
    mounts_before = reconciling.log().count('grpc.method=Mount')

    # PutSecretValue: the secret and its jmesPath file follow; the pinned one does not, though it rotated too.
    kit.rotate(db, json.dumps({"username": "admin", "password": "two"}))
    kit.rotate(pinned, "pinned-two")
    _wait_for(lambda: _file(target, "password") == b"two", "the jmesPath file following PutSecretValue")
    assert json.loads(_file(target, db))["password"] == "two"
    assert _file(target, pinned) == b"pinned-one"
    assert os.stat(os.path.join(target, pinned)).st_ino == unchanged_inode

    # Secrets Manager rotation: AWSPENDING, then AWSCURRENT moved to it.
    secrets = kit.client("secretsmanager", "us-east-1")
    pending = secrets.put_secret_value(SecretId=staged, SecretString="staged-two",
                                       VersionStages=["AWSPENDING"])["VersionId"]
    time.sleep(2 * INTERVAL)
    assert _file(target, staged) == b"staged-one"  # AWSPENDING alone changes nothing.
    secrets.update_secret_version_stage(SecretId=staged, VersionStage="AWSCURRENT", MoveToVersionId=pending,
                                        RemoveFromVersionId=staged_first)
    _wait_for(lambda: _file(target, staged) == b"staged-two", "the file following UpdateSecretVersionStage")

    # SSM PutParameter overwrite.
    kit.parameter(parameter, "param-two")
    _wait_for(lambda: _file(target, "param") == b"param-two", "the file following PutParameter")

    assert _file(target, pinned) == b"pinned-one"
    assert reconciling.log().count('grpc.method=Mount') == mounts_before, "a Mount call was made"
    assert "Rotated files" in reconciling.log()


def test_a_deleted_target_stops_its_reconciliation(kit, reconciling, rig):
    ns = unique("ns")
    kit.pod(ns, "app", "app", role_arn=rig["irsa_role_arn"])
    secret = unique("gone")
    kit.secret(secret, string="value")
    target = tempfile.mkdtemp(prefix="e2e-gone-", dir="/tmp")
    driver.mount(reconciling.socket, attributes([{"objectName": secret, "objectType": "secretsmanager"}],
                                                namespace=ns, region="us-east-1"), target)
    shutil.rmtree(target)
    _wait_for(lambda: any("Mount forgotten" in line and target in line for line in reconciling.log().splitlines()),
              "the provider forgetting the mount")
    # The targets of the earlier tests are gone as well, so nothing is left to check: no more Secrets Manager calls.
    time.sleep(INTERVAL)
    kit.clear_calls()
    time.sleep(3 * INTERVAL)
    assert [c for c in kit.calls() if c["service"] == "secretsmanager"] == []
    assert not os.path.exists(target), "the provider must not recreate a deleted target"


def _spc(count, prefix):
    names = [f"{prefix}-{index:02d}" for index in range(count)]
    return names, [{"objectName": name, "objectType": "secretsmanager"} for name in names]


def test_twenty_mounts_of_fifteen_secrets_cost_one_batch(kit, caching, rig, tmp_path):
    first_ns, second_ns = unique("ns"), unique("ns")
    for ns in (first_ns, second_ns):
        kit.pod(ns, "app", "app", role_arn=rig["irsa_role_arn"])
    names, objects = _spc(15, unique("budget"))
    for index, name in enumerate(names):
        kit.secret(name, string=f"value-{index}")
    targets = []
    for index in range(21):
        path = tmp_path / f"pod{index}"
        path.mkdir()
        targets.append(str(path))
    kit.clear_calls()

    def mount(index):
        return driver.mount(caching.socket, attributes(objects, namespace=first_ns, pod=f"pod{index}",
                                                       region="us-east-1"), targets[index], timeout=60)

    with concurrent.futures.ThreadPoolExecutor(max_workers=20) as pool:
        list(pool.map(mount, range(20)))
    calls = kit.calls()
    operations = [c["operation"] for c in calls]
    print(f"20 mounts x 15 secrets, one identity: {len(calls)} AWS calls: "
          f"{ {op: operations.count(op) for op in set(operations)} } (the incumbent: 300 GetSecretValue + 20 STS)")
    assert operations.count("AssumeRoleWithWebIdentity") <= 1
    assert operations.count("BatchGetSecretValue") == 1
    assert operations.count("GetSecretValue") == 0
    for target in targets[:20]:
        assert read_tree(target)[names[14]][0] == b"value-14"

    # Another identity fetches for itself: its own credentials and its own batch.
    kit.clear_calls()
    driver.mount(caching.socket, attributes(objects, namespace=second_ns, region="us-east-1"), targets[20])
    operations = [c["operation"] for c in kit.calls()]
    assert operations.count("BatchGetSecretValue") == 1
    assert operations.count("AssumeRoleWithWebIdentity") == 1


def test_batch_denied_falls_back_and_is_remembered(kit, reconciling, rig, target):
    iam = kit.client("iam", "us-east-1")
    role = f"rig-no-batch-{uuid.uuid4().hex[:8]}"
    trust = {"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Principal": {"Federated": "*"}, "Action": "sts:AssumeRoleWithWebIdentity"}]}
    arn = iam.create_role(RoleName=role, AssumeRolePolicyDocument=json.dumps(trust))["Role"]["Arn"]
    iam.put_role_policy(RoleName=role, PolicyName="all-but-batch", PolicyDocument=json.dumps({
        "Version": "2012-10-17", "Statement": [
            {"Effect": "Allow", "Action": "*", "Resource": "*"},
            {"Effect": "Deny", "Action": "secretsmanager:BatchGetSecretValue", "Resource": "*"}]}))
    ns = unique("ns")
    kit.pod(ns, "app", "app", role_arn=arn)
    names, objects = _spc(3, unique("denied"))
    for index, name in enumerate(names):
        kit.secret(name, string=f"value-{index}")
    kit.clear_calls()
    request = attributes(objects, namespace=ns, region="us-east-1")
    driver.mount(reconciling.socket, request, target)
    batches = kit.calls("BatchGetSecretValue")
    assert [c["status"] for c in batches] == [403]
    assert len(kit.calls("GetSecretValue")) == 3
    assert read_tree(target)[names[2]][0] == b"value-2"

    # Later checks of this identity (reconciliation, remounts past the cache window) go straight to GetSecretValue.
    kit.clear_calls()
    time.sleep(3 * INTERVAL)
    driver.mount(reconciling.socket, request, target)
    assert kit.calls("BatchGetSecretValue") == []
    assert len(kit.calls("GetSecretValue")) >= 3
    assert reconciling.log().count("BatchGetSecretValue is denied") == 1
