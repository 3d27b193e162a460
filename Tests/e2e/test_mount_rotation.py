# Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
# SPDX-License-Identifier: Apache-2.0
"""Rotation through the driver's `current_object_version` (driver ≤ 1.5), checking the files and the exact AWS calls;
and many concurrent mounts."""

import concurrent.futures
import os
import time

import driver
from mountkit import attributes, pod_targets, read_tree, unique


def _calls(kit, *operations):
    return sorted((c["operation"], c["region"]) for c in kit.calls() if c["operation"] in operations)


def test_rotation_sequence_with_current_object_version(kit, provider, target, rig):
    ns = unique("ns")
    kit.pod(ns, "app", "app", role_arn=rig["irsa_role_arn"])
    a, b, pinned = unique("a"), unique("b"), unique("pinned")
    kit.secret(a, string="a1")
    kit.secret(b, string="b1")
    _, pinned_version = kit.secret(pinned, string="p1")
    parameter = "/" + unique("p")
    kit.parameter(parameter, "x1")
    objects = [{"objectName": a, "objectType": "secretsmanager"},
               {"objectName": b, "objectType": "secretsmanager"},
               {"objectName": pinned, "objectType": "secretsmanager", "objectVersion": pinned_version},
               {"objectName": parameter, "objectType": "ssmparameter", "objectAlias": "p"}]
    request = attributes(objects, namespace=ns, region="us-east-1")
    watched = ("GetSecretValue", "BatchGetSecretValue", "DescribeSecret", "GetParameters")
    check = sorted([("BatchGetSecretValue", "us-east-1"), ("GetParameters", "us-east-1")])

    kit.clear_calls()
    first = driver.mount(provider.socket, request, target)
    # `a` and `b` in one batch, the pinned version by VersionId, the parameter by GetParameters.
    assert _calls(kit, *watched) == sorted(check + [("GetSecretValue", "us-east-1")])
    current = [(v.id, v.version) for v in first.object_version]

    # Nothing changed: the current versions are checked again in one batch (the pinned one the volume holds costs
    # nothing), and no file is rewritten.
    inodes = {name: os.stat(os.path.join(target, name)).st_ino for name in (a, b, pinned, "p")}
    kit.clear_calls()
    second = driver.mount(provider.socket, request, target, current=current)
    assert _calls(kit, *watched) == check
    assert [(v.id, v.version) for v in second.object_version] == current
    assert {name: os.stat(os.path.join(target, name)).st_ino for name in inodes} == inodes

    # `a` rotates: the same two calls, and only `a` is rewritten.
    new_a = kit.rotate(a, "a2")
    kit.clear_calls()
    third = driver.mount(provider.socket, request, target, current=current)
    assert _calls(kit, *watched) == check
    versions = {v.id: v.version for v in third.object_version}
    assert versions[a] == new_a
    files = read_tree(target)
    assert (files[a][0], files[b][0], files[pinned][0], files["p"][0]) == (b"a2", b"b1", b"p1", b"x1")
    assert os.stat(os.path.join(target, a)).st_ino != inodes[a]
    assert {name: os.stat(os.path.join(target, name)).st_ino for name in (b, pinned, "p")} == {
        name: inodes[name] for name in (b, pinned, "p")}

    # A file that went missing is written again although its version is current.
    os.remove(os.path.join(target, b))
    current = [(v.id, v.version) for v in third.object_version]
    kit.clear_calls()
    driver.mount(provider.socket, request, target, current=current)
    assert _calls(kit, *watched) == check
    assert read_tree(target)[b][0] == b"b1"


def test_fifty_concurrent_mounts(kit, provider, rig, tmp_path):
    identities = []
    for index in range(5):
        ns = unique(f"ns{index}")
        kit.pod(ns, "app", "app", role_arn=rig["irsa_role_arn"])
        identities.append(ns)
    secret, parameter = unique("shared"), "/" + unique("shared")
    kit.secret(secret, string="shared secret")
    kit.parameter(parameter, "shared parameter")
    objects = [{"objectName": secret, "objectType": "secretsmanager"},
               {"objectName": parameter, "objectType": "ssmparameter", "objectAlias": "parameter"}]
    targets = pod_targets(tmp_path, 50)
    kit.clear_calls()

    def mount(index):
        ns = identities[index % len(identities)]
        return driver.mount(provider.socket, attributes(objects, namespace=ns, pod=f"pod{index}", region="us-east-1"),
                            targets[index], timeout=60)

    started = time.monotonic()
    with concurrent.futures.ThreadPoolExecutor(max_workers=50) as pool:
        responses = list(pool.map(mount, range(50)))
    elapsed = time.monotonic() - started
    assert len(responses) == 50
    for path in targets:
        files = read_tree(path)
        assert files[secret][0] == b"shared secret" and files["parameter"][0] == b"shared parameter"
    sts = kit.calls("AssumeRoleWithWebIdentity")
    print(f"50 concurrent mounts in {elapsed:.2f}s: {len(sts)} STS calls for {len(identities)} identities, "
          f"{len(kit.calls('GetSecretValue'))} GetSecretValue, {len(kit.calls('GetParameters'))} GetParameters")
    # Credentials are per identity: a new namespace may have been seen by an earlier test, never more than one each.
    assert len(sts) <= len(identities)
