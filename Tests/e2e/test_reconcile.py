# Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
# SPDX-License-Identifier: Apache-2.0
"""Rotation that reaches running pods through the provider's own reconciliation (no Mount call), and the AWS call
budget of the per-node cache and BatchGetSecretValue, counted in the fake AWS.

Each test starts its own provider (`rig_provider`), so the fake's call log holds only that provider's calls. What the
tests rely on: the flags --reconcile-interval, --cache-ttl (Go durations), and the provider's metrics:
secrets_provider_grpc_requests_total{method="Mount"}, secrets_provider_reconciles_total{outcome} (one per registered
mount and pass, so it also counts passes) and secrets_provider_batch_fallbacks_total. Passes are counted, never
waited for by the clock.
"""

import concurrent.futures
import json
import os
import shutil
import tempfile
import time

import driver
from mountkit import attributes, pod_targets, read_tree, unique

INTERVAL = 1.0  # seconds, --reconcile-interval of the reconciling providers
RECONCILING = (f"--reconcile-interval={INTERVAL:g}s", "--cache-ttl=1s")
# A pass starts within an interval (±10 % jitter) and can take seconds on a loaded machine.
PASS_SLACK = 15.0


def _wait_for(condition, what, intervals=3):
    """Polls `condition` for up to `intervals` reconcile intervals; returns the seconds it took."""
    started = time.monotonic()
    timeout = intervals * INTERVAL * 1.1 + PASS_SLACK
    while time.monotonic() - started < timeout:
        if condition():
            return time.monotonic() - started
        time.sleep(0.05)
    raise AssertionError(f"{what} did not happen within {timeout:.1f}s ({intervals} reconcile intervals)")


def _file(target, name):
    try:
        with open(os.path.join(target, name), "rb") as handle:
            return handle.read()
    except FileNotFoundError:
        return None


def _inode(target, name):
    return os.stat(os.path.join(target, name)).st_ino


def _mounts(provider):
    return provider.metric("secrets_provider_grpc_requests_total", method="Mount")


def _reconciles(provider, **outcome):
    return provider.metric("secrets_provider_reconciles_total", **outcome)


def _passes(provider, count, what):
    """Waits until `count` more reconciliations than now have ended: with one mount registered, `count` passes, the
    last of which began after this call."""
    start = _reconciles(provider)
    _wait_for(lambda: _reconciles(provider) >= start + count, what, intervals=count)


def _secrets_manager_calls(kit):
    return [c["operation"] for c in kit.calls() if c["service"] == "secretsmanager"]


def test_put_secret_value_reaches_the_files_jmespath_follows_pinned_stays(kit, rig_provider, rig, target):
    provider = rig_provider(*RECONCILING)
    ns = unique("ns")
    kit.pod(ns, "app", "app", role_arn=rig["irsa_role_arn"])
    db, pinned = unique("db"), unique("pinned")
    kit.secret(db, string=json.dumps({"username": "admin", "password": "one"}))
    _, pinned_version = kit.secret(pinned, string="pinned-one")
    objects = [
        {"objectName": db, "objectType": "secretsmanager",
         "jmesPath": [{"path": "username", "objectAlias": "user"}, {"path": "password", "objectAlias": "pass"}]},
        {"objectName": pinned, "objectType": "secretsmanager", "objectVersion": pinned_version},
    ]
    driver.mount(provider.socket, attributes(objects, namespace=ns, region="us-east-1"), target)
    assert (_file(target, "user"), _file(target, "pass"), _file(target, pinned)) == (b"admin", b"one", b"pinned-one")
    inodes = {name: _inode(target, name) for name in ("pass", pinned)}
    mounts = _mounts(provider)
    assert mounts == 1

    # PutSecretValue on both: the secret and its jmesPath child follow; the pinned one does not.
    kit.rotate(db, json.dumps({"username": "root", "password": "one"}))
    kit.rotate(pinned, "pinned-two")
    took = _wait_for(lambda: _file(target, "user") == b"root", "the jmesPath file following PutSecretValue")
    print(f"PutSecretValue reached the files {took:.2f}s later (reconcile interval {INTERVAL:g}s)")
    assert json.loads(_file(target, db)) == {"username": "root", "password": "one"}
    _passes(provider, 2, "one more pass")  # the pinned file must still not move
    assert _file(target, pinned) == b"pinned-one"
    assert _file(target, "pass") == b"one"
    # Files whose bytes did not change are not rewritten.
    assert {name: _inode(target, name) for name in inodes} == inodes
    assert _mounts(provider) == mounts, "a Mount call was made"
    assert _reconciles(provider, outcome="changed") >= 1


def test_secrets_manager_rotation_moving_awscurrent_reaches_the_file(kit, rig_provider, rig, target):
    provider = rig_provider(*RECONCILING)
    ns = unique("ns")
    kit.pod(ns, "app", "app", role_arn=rig["irsa_role_arn"])
    staged, other = unique("staged"), unique("other")
    _, first = kit.secret(staged, string="staged-one")
    kit.secret(other, string="other")
    objects = [{"objectName": staged, "objectType": "secretsmanager"},
               {"objectName": other, "objectType": "secretsmanager"}]
    driver.mount(provider.socket, attributes(objects, namespace=ns, region="us-east-1"), target)
    assert _file(target, staged) == b"staged-one"
    mounts = _mounts(provider)

    secrets = kit.client("secretsmanager", "us-east-1")
    pending = secrets.put_secret_value(SecretId=staged, SecretString="staged-two",
                                       VersionStages=["AWSPENDING"])["VersionId"]
    _passes(provider, 2, "a pass after AWSPENDING was put")
    assert _file(target, staged) == b"staged-one", "AWSPENDING alone must change nothing"
    secrets.update_secret_version_stage(SecretId=staged, VersionStage="AWSCURRENT", MoveToVersionId=pending,
                                        RemoveFromVersionId=first)
    took = _wait_for(lambda: _file(target, staged) == b"staged-two", "the file following UpdateSecretVersionStage")
    print(f"AWSCURRENT moved: the file followed {took:.2f}s later")
    assert _file(target, other) == b"other"
    assert _mounts(provider) == mounts, "a Mount call was made"


def test_ssm_put_parameter_overwrite_reaches_the_file(kit, rig_provider, rig, target):
    provider = rig_provider(*RECONCILING)
    ns = unique("ns")
    kit.pod(ns, "app", "app", role_arn=rig["irsa_role_arn"])
    parameter = "/" + unique("param")
    kit.parameter(parameter, "param-one")
    objects = [{"objectName": parameter, "objectType": "ssmparameter", "objectAlias": "param"}]
    driver.mount(provider.socket, attributes(objects, namespace=ns, region="us-east-1"), target)
    assert _file(target, "param") == b"param-one"
    mounts = _mounts(provider)

    kit.parameter(parameter, "param-two")
    took = _wait_for(lambda: _file(target, "param") == b"param-two", "the file following PutParameter")
    print(f"PutParameter overwrite: the file followed {took:.2f}s later")
    assert _mounts(provider) == mounts, "a Mount call was made"


def test_a_deleted_target_stops_its_reconciliation(kit, rig_provider, rig):
    provider = rig_provider(*RECONCILING)
    ns = unique("ns")
    kit.pod(ns, "app", "app", role_arn=rig["irsa_role_arn"])
    secret, parameter = unique("gone"), "/" + unique("witness")
    kit.secret(secret, string="value")
    kit.parameter(parameter, "witness")
    target = tempfile.mkdtemp(prefix="e2e-gone-", dir="/tmp")
    # A second mount, of a parameter, that stays: its reconciliations count the passes once the first is forgotten.
    witness = tempfile.mkdtemp(prefix="e2e-witness-", dir="/tmp")
    try:
        driver.mount(provider.socket, attributes([{"objectName": parameter, "objectType": "ssmparameter"}],
                                                 namespace=ns, region="us-east-1"), witness)
        driver.mount(provider.socket, attributes([{"objectName": secret, "objectType": "secretsmanager"}],
                                                 namespace=ns, region="us-east-1"), target)
        # The mount is being reconciled: Secrets Manager is asked again without a Mount.
        kit.clear_calls()
        _wait_for(lambda: _secrets_manager_calls(kit), "a reconciliation of the mount")
        shutil.rmtree(target, ignore_errors=True)

        took = _wait_for(lambda: _reconciles(provider, outcome="forgotten") >= 1, "the provider forgetting the mount",
                         intervals=2)
        print(f"deleted target forgotten {took:.2f}s later")
        # The pass that forgot it asked Secrets Manager nothing for it, and nor does any later one.
        kit.clear_calls()
        _passes(provider, 2, "a pass after the mount was forgotten")
        assert _secrets_manager_calls(kit) == [], "the forgotten mount is still being checked"
        assert _reconciles(provider, outcome="forgotten") == 1
        assert not os.path.exists(target), "the provider must not recreate a deleted target"
    finally:
        shutil.rmtree(target, ignore_errors=True)
        shutil.rmtree(witness, ignore_errors=True)


def _spc(count, prefix):
    names = [f"{prefix}-{index:02d}" for index in range(count)]
    return names, [{"objectName": name, "objectType": "secretsmanager"} for name in names]


def _counts(calls):
    operations = [c["operation"] for c in calls]
    return {operation: operations.count(operation) for operation in sorted(set(operations))}


def test_twenty_mounts_of_fifteen_secrets_cost_one_batch(kit, rig_provider, rig, tmp_path):
    # No reconciliation pass during the test; the default cache window (30s).
    provider = rig_provider("--reconcile-interval=1h")
    first_ns, second_ns = unique("ns"), unique("ns")
    for ns in (first_ns, second_ns):
        kit.pod(ns, "app", "app", role_arn=rig["irsa_role_arn"])
    names, objects = _spc(15, unique("budget"))
    for index, name in enumerate(names):
        kit.secret(name, string=f"value-{index}")
    targets = pod_targets(tmp_path, 21)
    kit.clear_calls()

    def mount(index):
        return driver.mount(provider.socket, attributes(objects, namespace=first_ns, pod=f"pod{index}",
                                                        region="us-east-1"), targets[index], timeout=60)

    with concurrent.futures.ThreadPoolExecutor(max_workers=20) as pool:
        list(pool.map(mount, range(20)))
    counts = _counts(kit.calls())
    print(f"20 mounts x 15 secrets, one identity: {sum(counts.values())} AWS calls {counts} "
          "(the incumbent: 300 GetSecretValue + 20 AssumeRoleWithWebIdentity)")
    assert counts.get("AssumeRoleWithWebIdentity", 0) <= 1
    assert counts.get("BatchGetSecretValue", 0) == 1
    assert counts.get("GetSecretValue", 0) == 0
    assert counts.get("DescribeSecret", 0) == 0
    for path in targets[:20]:
        files = read_tree(path)
        assert {name: files[name][0] for name in names} == {name: f"value-{i}".encode() for i, name in enumerate(names)}

    # Another identity mounting the same class fetches for itself: its own credentials and its own batch.
    kit.clear_calls()
    driver.mount(provider.socket, attributes(objects, namespace=second_ns, region="us-east-1"), targets[20])
    counts = _counts(kit.calls())
    print(f"a second identity, same class: {counts}")
    assert counts.get("AssumeRoleWithWebIdentity", 0) == 1
    assert counts.get("BatchGetSecretValue", 0) == 1
    assert counts.get("GetSecretValue", 0) == 0
    assert read_tree(targets[20])[names[14]][0] == b"value-14"


def test_batch_denied_falls_back_and_is_remembered(kit, rig_provider, rig, target):
    # No reconciliation, so the call log holds only what the two mounts cost.
    provider = rig_provider("--reconcile-interval=0", "--cache-ttl=1s")
    ns = unique("ns")
    kit.pod(ns, "app", "app", role_arn=rig["no_batch_role_arn"])
    names, objects = _spc(3, unique("denied"))
    for index, name in enumerate(names):
        kit.secret(name, string=f"value-{index}")
    kit.clear_calls()
    request = attributes(objects, namespace=ns, region="us-east-1")
    driver.mount(provider.socket, request, target)
    calls = [c for c in kit.calls() if c["service"] == "secretsmanager"]
    assert [c["operation"] for c in calls] == ["BatchGetSecretValue"] + 3 * ["GetSecretValue"]
    assert 400 <= calls[0]["status"] < 500 and not calls[0]["injected"]  # moto's own IAM deny (403 AccessDenied)
    assert [c["status"] for c in calls[1:]] == [200, 200, 200]
    assert {name: data for name, (data, _) in read_tree(target).items()} == {
        name: f"value-{index}".encode() for index, name in enumerate(names)}

    # Past the cache window the same identity goes straight to GetSecretValue.
    time.sleep(1.5)
    kit.rotate(names[1], "value-1b")
    kit.clear_calls()
    driver.mount(provider.socket, request, target)
    assert _secrets_manager_calls(kit) == 3 * ["GetSecretValue"]
    assert _file(target, names[1]) == b"value-1b"
    assert provider.metric("secrets_provider_batch_fallbacks_total") == 1


def test_a_reconciliation_repairs_links_a_kill_left_broken(kit, rig_provider, rig, target):
    """The generation layout: a link missing (a kill before it was made) and one dangling (a name removed) are
    repaired by the next pass, with no AWS call beyond the pass's own check and no new generation."""
    provider = rig_provider(*RECONCILING)
    ns = unique("ns")
    kit.pod(ns, "app", "app", role_arn=rig["irsa_role_arn"])
    names = [unique("s"), unique("s")]
    for name in names:
        kit.secret(name, string=f"value of {name}")
    objects = [{"objectName": name, "objectType": "secretsmanager"} for name in names]
    driver.mount(provider.socket, attributes(objects, namespace=ns, region="us-east-1"), target)
    generation = os.readlink(os.path.join(target, "..data"))
    os.unlink(os.path.join(target, names[0]))
    os.symlink("..data/gone", os.path.join(target, "gone"))
    _wait_for(lambda: os.path.islink(os.path.join(target, names[0])) and not os.path.lexists(
        os.path.join(target, "gone")), "the repair")
    assert read_tree(target) == {name: (f"value of {name}".encode(), 0o644) for name in names}
    assert os.readlink(os.path.join(target, "..data")) == generation
    assert "Repaired the volume's links" in open(provider.stderr_path).read()
