# Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
# SPDX-License-Identifier: Apache-2.0
"""File-system safety over the real socket: symbolic links planted in the target are never followed or written
through, names from any source cannot leave the target, and a target outside --target-path-root is refused."""

import hashlib
import os
import shutil
import tempfile

import pytest

import driver
import mountkit
from mountkit import attributes, read_tree, unique


@pytest.fixture
def outside():
    """A decoy file and a decoy directory outside the target, which no mount may touch."""
    directory = tempfile.mkdtemp(prefix="e2e-outside-", dir="/tmp")
    decoy = os.path.join(directory, "passwd")
    with open(decoy, "w") as handle:
        handle.write("root:x:0:0:root:/root:/bin/bash\n")
    yield directory, decoy
    shutil.rmtree(directory, ignore_errors=True)


def _digest(path):
    with open(path, "rb") as handle:
        return hashlib.sha256(handle.read()).hexdigest()


def _seed(kit, rig):
    ns = unique("fs")
    kit.pod(ns, "app", "app", role_arn=rig["irsa_role_arn"])
    name = unique("fs-secret")
    kit.secret(name, string='{"user":"admin","key":"k"}')
    return ns, name


def test_planted_links_are_replaced_never_followed(kit, rig, provider, target, outside):
    directory, decoy = outside
    ns, name = _seed(kit, rig)
    before = _digest(decoy)
    # A link where the secret's file goes, one where a jmesPath file goes, and a link to a directory outside where a
    # nested alias would create its directory.
    os.symlink(decoy, os.path.join(target, "secret"))
    os.symlink(decoy, os.path.join(target, "user"))
    os.symlink(directory, os.path.join(target, "nested"))
    objects = [{"objectName": name, "objectType": "secretsmanager", "objectAlias": "secret",
                "jmesPath": [{"path": "user", "objectAlias": "user"}]}]
    driver.mount(provider.socket, attributes(objects, namespace=ns, region="us-east-1"), target)
    assert _digest(decoy) == before, "a link in the target was written through"
    for link in ("secret", "user"):
        # Replaced by the layout's own link through ..data, to a regular file inside the target.
        assert os.readlink(os.path.join(target, link)) == f"..data/{link}"
        assert os.path.realpath(os.path.join(target, link)).startswith(os.path.realpath(target) + os.sep)
    assert open(os.path.join(target, "user")).read() == "admin"

    # With pathTranslation "False" a '/' in an alias makes a directory; the planted link at its name is replaced by
    # the layout's link, never followed: nothing is created in the linked directory.
    driver.mount(provider.socket, attributes(
        [{"objectName": name, "objectType": "secretsmanager", "objectAlias": "nested/secret"}],
        namespace=ns, region="us-east-1", pathTranslation="False"), target)
    assert os.readlink(os.path.join(target, "nested")) == "..data/nested"
    assert read_tree(target) == {"nested/secret": (b'{"user":"admin","key":"k"}', 0o644)}
    assert sorted(os.listdir(directory)) == ["passwd"], "a file was created through a linked directory"
    assert _digest(decoy) == before


@pytest.mark.parametrize("alias", ["../escape", "a/../../escape", "/etc/escape", "..", "a/./b", "a//b"])
@pytest.mark.parametrize("translation", ["_", "False"])
def test_names_cannot_leave_the_target(kit, rig, provider, target, alias, translation):
    """Each alias is refused (naming objectAlias, before any AWS call) or written as one clean path inside the
    target; nothing ever appears outside it."""
    ns, name = _seed(kit, rig)
    parent = os.path.dirname(target)
    before = set(os.listdir(parent))
    kit.clear_calls()
    request = attributes([{"objectName": name, "objectType": "secretsmanager", "objectAlias": alias}],
                         namespace=ns, region="us-east-1", pathTranslation=translation)
    try:
        driver.mount(provider.socket, request, target)
    except driver.grpc.RpcError as failure:
        assert failure.code() == driver.grpc.StatusCode.INVALID_ARGUMENT
        assert "objectAlias" in failure.details()
        assert os.listdir(target) == []
        assert [c for c in kit.calls() if c["service"] == "secretsmanager"] == [], "a bad name must fail before AWS"
    else:
        # Translated, '/' became '_'; untranslated, only a leading '/' is dropped, as the incumbent does.
        expected = alias.replace("/", "_") if translation == "_" else alias.lstrip("/")
        assert ".." not in expected.split("/") and "." not in expected.split("/") and "" not in expected.split("/")
        assert list(read_tree(target)) == [expected]
    assert set(os.listdir(parent)) == before


def test_a_target_outside_the_root_is_refused(kit, rig, start_provider, outside):
    directory, _ = outside
    volume = tempfile.mkdtemp(prefix="e2e-root-", dir="/tmp")
    root = os.path.join(volume, "pods")
    os.mkdir(root)
    provider = start_provider(volume, *mountkit.provider_arguments(volume, rig, f"--target-path-root={root}"),
                              env=mountkit.provider_environment(rig))
    ns, name = _seed(kit, rig)
    with pytest.raises(driver.grpc.RpcError) as failure:
        driver.mount(provider.socket, attributes([{"objectName": name, "objectType": "secretsmanager"}],
                                                 namespace=ns, region="us-east-1"), directory)
    assert failure.value.code() == driver.grpc.StatusCode.INVALID_ARGUMENT
    assert sorted(os.listdir(directory)) == ["passwd"]
    shutil.rmtree(volume, ignore_errors=True)
