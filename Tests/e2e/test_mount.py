# Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
# SPDX-License-Identifier: Apache-2.0
"""Mount end to end over the real socket: the provider against the fake AWS (SigV4 checked) and Kubernetes."""

import json
import os

import driver
import mountkit
from mountkit import attributes, read_tree, unique


def test_string_binary_and_json_secrets_with_irsa(kit, provider, target, rig):
    ns, sa = unique("ns"), "app"
    kit.pod(ns, "app", sa, role_arn=rig["irsa_role_arn"])
    plain, binary, creds = unique("plain"), unique("binary"), unique("creds")
    _, plain_version = kit.secret(plain, string="hunter2")
    _, binary_version = kit.secret(binary, binary=bytes(range(256)))
    _, creds_version = kit.secret(creds, string=json.dumps(
        {"username": "admin", "port": 5432, "tls": True, "nested": {"a": [1, 2]}, "empty": ""}))
    objects = [
        {"objectName": plain, "objectType": "secretsmanager"},
        {"objectName": binary, "objectType": "secretsmanager"},
        {"objectName": creds, "objectType": "secretsmanager", "jmesPath": [
            {"path": "username", "objectAlias": "user"}, {"path": "port", "objectAlias": "port"},
            {"path": "tls", "objectAlias": "tls"}, {"path": "nested", "objectAlias": "nested"},
            {"path": "empty", "objectAlias": "empty"}]},
    ]
    kit.clear_calls()
    response = driver.mount(provider.socket, attributes(objects, namespace=ns, service_account=sa, region="us-east-1"),
                            target)
    files = read_tree(target)
    assert files[plain] == (b"hunter2", 0o644)
    assert files[binary] == (bytes(range(256)), 0o644)
    assert json.loads(files[creds][0])["username"] == "admin"
    assert files["user"][0] == b"admin"
    assert files["port"][0] == b"5432"
    assert files["tls"][0] == b"true"
    assert json.loads(files["nested"][0]) == {"a": [1, 2]}
    assert files["empty"][0] == b""
    assert list(response.files) == []
    versions = {version.id: version.version for version in response.object_version}
    assert versions == {plain: plain_version, binary: binary_version, creds: creds_version, "user": creds_version,
                        "port": creds_version, "tls": creds_version, "nested": creds_version, "empty": creds_version}
    calls = kit.calls()
    assert [(c["operation"], c["signed"]) for c in calls if c["operation"] == "AssumeRoleWithWebIdentity"] == [
        ("AssumeRoleWithWebIdentity", False)]
    # The three current versions come in one BatchGetSecretValue.
    reads = [c for c in calls if c["operation"] in ("GetSecretValue", "BatchGetSecretValue")]
    assert [c["operation"] for c in reads] == ["BatchGetSecretValue"]
    assert all(c["signed"] and c["status"] == 200 for c in reads)
    assert all(c["user_agent"].startswith("secrets-store-csi-driver-provider-aws-") for c in calls)


def _irsa_pod(kit, rig):
    ns = unique("ns")
    kit.pod(ns, "app", "app", role_arn=rig["irsa_role_arn"])
    return ns


def _mount(provider, objects, target, ns, **parameters):
    parameters.setdefault("region", "us-east-1")
    return driver.mount(provider.socket, attributes(objects, namespace=ns, **parameters), target)


def test_full_and_partial_arns(kit, provider, target, rig):
    ns = _irsa_pod(kit, rig)
    name = unique("by-arn")
    arn, version = kit.secret(name, string="from an ARN")
    partial = arn.rsplit("-", 1)[0]
    objects = [{"objectName": arn, "objectAlias": "full"}, {"objectName": partial, "objectAlias": "partial"}]
    response = _mount(provider, objects, target, ns)
    files = read_tree(target)
    assert files["full"][0] == b"from an ARN" and files["partial"][0] == b"from an ARN"
    assert {v.id: v.version for v in response.object_version} == {"full": version, "partial": version}


def test_versions_labels_and_previous_next_to_current(kit, provider, target, rig):
    ns = _irsa_pod(kit, rig)
    name = unique("rotating")
    _, first = kit.secret(name, string="one")
    second = kit.rotate(name, "two")
    objects = [
        {"objectName": name, "objectType": "secretsmanager", "objectAlias": "current"},
        {"objectName": name, "objectType": "secretsmanager", "objectAlias": "previous",
         "objectVersionLabel": "AWSPREVIOUS"},
        {"objectName": name, "objectType": "secretsmanager", "objectAlias": "pinned", "objectVersion": first},
    ]
    response = _mount(provider, objects, target, ns)
    files = read_tree(target)
    assert (files["current"][0], files["previous"][0], files["pinned"][0]) == (b"two", b"one", b"one")
    assert {v.id: v.version for v in response.object_version} == {"current": second, "previous": first,
                                                                  "pinned": first}


def test_more_than_ten_parameters_out_of_order_with_versions_and_labels(kit, provider, target, rig):
    ns = _irsa_pod(kit, rig)
    prefix = "/" + unique("app")
    names = [f"{prefix}/p{i:02d}" for i in range(13)]
    for index, name in enumerate(names):
        kit.parameter(name, f"value-{index}", kind="SecureString" if index % 2 else "String")
    labelled = names[0]
    kit.parameter(labelled, "v1", labels=["blue"])
    kit.parameter(labelled, "v2", labels=["green"])
    objects = [{"objectName": name, "objectType": "ssmparameter"} for name in reversed(names[1:])]
    objects += [
        {"objectName": labelled, "objectType": "ssmparameter", "objectAlias": "blue", "objectVersionLabel": "blue"},
        {"objectName": labelled, "objectType": "ssmparameter", "objectAlias": "green", "objectVersionLabel": "green"},
        {"objectName": labelled, "objectType": "ssmparameter", "objectAlias": "first", "objectVersion": "1"},
    ]
    kit.clear_calls()
    response = _mount(provider, objects, target, ns)
    files = read_tree(target)
    for index, name in enumerate(names[1:], start=1):
        assert files[name.replace("/", "_")][0] == f"value-{index}".encode()
    assert (files["blue"][0], files["green"][0], files["first"][0]) == (b"v1", b"v2", b"value-0")
    versions = {v.id: v.version for v in response.object_version}
    assert (versions["blue"], versions["green"], versions["first"]) == ("2", "3", "1")
    batches = kit.calls("GetParameters")
    assert len(batches) == 2 and all(c["signed"] and c["status"] == 200 for c in batches)


def test_path_translation(kit, provider, rig, tmp_path):
    ns = _irsa_pod(kit, rig)
    name = "/" + unique("team") + "/db/password"
    kit.parameter(name, "p4ss")
    expected = {"": name.replace("/", "_"), "-": name.replace("/", "-"), "False": name[1:]}
    for translation, file_name in expected.items():
        target = tmp_path / (translation or "default")
        target.mkdir()
        parameters = {"pathTranslation": translation} if translation else {}
        _mount(provider, [{"objectName": name, "objectType": "ssmparameter"}], str(target), ns, **parameters)
        assert read_tree(str(target)) == {file_name: (b"p4ss", 0o644)}


def test_file_modes_from_permission_and_file_permission(kit, provider, target, rig):
    ns = _irsa_pod(kit, rig)
    name = unique("modes")
    kit.secret(name, string=json.dumps({"a": "x", "b": "y"}))
    objects = [{"objectName": name, "objectType": "secretsmanager", "filePermission": "0400", "jmesPath": [
        {"path": "a", "objectAlias": "a"}, {"path": "b", "objectAlias": "b", "filePermission": "0640"}]},
        {"objectName": name, "objectType": "secretsmanager", "objectAlias": "default-mode"}]
    driver.mount(provider.socket, attributes(objects, namespace=ns, region="us-east-1"), target, permission="384")
    files = read_tree(target)
    assert {path: mode for path, (_, mode) in files.items()} == {name: 0o400, "a": 0o400, "b": 0o640,
                                                                 "default-mode": 0o600}


def test_pod_identity(kit, provider, target, rig):
    ns, token = unique("ns"), unique("pod-identity-token")
    kit.pod(ns, "app", "app")
    kit.associate(token, rig["pod_identity_role_arn"])
    name = unique("pi")
    kit.secret(name, string="via the agent")
    kit.clear_calls()
    objects = [{"objectName": name, "objectType": "secretsmanager"}]
    driver.mount(provider.socket, attributes(objects, namespace=ns, tokens=mountkit.pod_identity_tokens(token),
                                             usePodIdentity="true", region="us-east-1"), target)
    assert read_tree(target)[name][0] == b"via the agent"
    reads = kit.calls("GetSecretValue")
    assert len(reads) == 1 and reads[0]["signed"]
    # No service account lookup is needed for Pod Identity.
    assert not [r for r in kit.kubernetes_requests() if ns in r["path"]]


def test_region_from_the_node_label_costs_two_kubernetes_calls_once(kit, provider_bin, rig, tmp_path):
    import conftest

    ns = unique("ns")
    kit.pod(ns, "app", "app", node="node-west", role_arn=rig["irsa_role_arn"], region="us-west-2")
    name = unique("west")
    kit.secret(name, region="us-west-2", string="west value")
    started, directory = conftest._started(provider_bin, rig)
    try:
        before = len(kit.kubernetes_requests())
        for attempt in range(3):
            target = tmp_path / f"t{attempt}"
            target.mkdir()
            driver.mount(started.socket, attributes([{"objectName": name, "objectType": "secretsmanager"}],
                                                    namespace=ns), str(target))
            assert read_tree(str(target))[name][0] == b"west value"
        paths = [r["path"] for r in kit.kubernetes_requests()[before:]]
        assert sum("/pods/" in p for p in paths) == 1
        assert sum("/nodes/" in p for p in paths) == 1
        assert sum("/serviceaccounts/" in p for p in paths) == 1  # the role is cached briefly too
    finally:
        started.stop()


def test_driver_writes_mode_returns_files_and_writes_nothing(kit, driver_writes_provider, target, rig):
    ns = _irsa_pod(kit, rig)
    name = unique("dw")
    _, version = kit.secret(name, string=json.dumps({"k": "v"}))
    objects = [{"objectName": name, "objectType": "secretsmanager", "objectAlias": "dir/file",
                "jmesPath": [{"path": "k", "objectAlias": "k"}]}]
    response = _mount(driver_writes_provider, objects, target, ns, pathTranslation="False")
    assert read_tree(target) == {}
    assert {(f.path, f.mode, f.contents) for f in response.files} == {
        ("dir/file", 0o644, b'{"k": "v"}'), ("k", 0o644, b"v")}
    assert {v.id: v.version for v in response.object_version} == {"dir/file": version, "k": version}


def test_a_failed_mount_writes_nothing_and_keeps_the_previous_files(kit, provider, target, rig):
    ns = _irsa_pod(kit, rig)
    names = [unique(f"s{i}") for i in range(5)]
    for name in names:
        kit.secret(name, string=f"old {name}")
    objects = [{"objectName": name, "objectType": "secretsmanager"} for name in names]
    _mount(provider, objects, target, ns)
    before = read_tree(target)
    for name in names[:4]:
        kit.rotate(name, f"new {name}")
    missing = unique("missing")
    objects[2] = {"objectName": missing, "objectType": "secretsmanager", "objectAlias": names[2]}
    try:
        _mount(provider, objects, target, ns)
        raise AssertionError("the mount should fail")
    except driver.grpc.RpcError as error:
        assert error.code() == driver.grpc.StatusCode.NOT_FOUND
        assert missing in error.details() and "us-east-1" in error.details()
        assert "1 of 5" in error.details()
    assert read_tree(target) == before
    hidden = sorted(n for n in os.listdir(target) if n.startswith("."))
    assert len(hidden) == 2 and hidden[0].startswith("..aws-gen-") and hidden[1] == "..data", hidden


def test_files_a_class_no_longer_has_leave_the_volume_in_the_same_switch(kit, provider, target, rig):
    """The generation layout: a remount without an object removes its file (the incumbent leaves it stale), and the
    kept and the new files arrive in the same switch of ..data; the unchanged file keeps its inode."""
    ns = _irsa_pod(kit, rig)
    kept, dropped, added = unique("kept"), unique("dropped"), unique("added")
    for name in (kept, dropped, added):
        kit.secret(name, string=f"value of {name}")
    _mount(provider, [{"objectName": name, "objectType": "secretsmanager"} for name in (kept, dropped)], target, ns)
    inode = os.stat(os.path.join(target, kept)).st_ino
    first = os.readlink(os.path.join(target, "..data"))
    _mount(provider, [{"objectName": name, "objectType": "secretsmanager"} for name in (kept, added)], target, ns)
    assert read_tree(target) == {kept: (f"value of {kept}".encode(), 0o644), added: (f"value of {added}".encode(), 0o644)}
    assert not os.path.lexists(os.path.join(target, dropped))
    assert os.readlink(os.path.join(target, "..data")) != first and not os.path.exists(os.path.join(target, first))
    assert os.stat(os.path.join(target, kept)).st_ino == inode
    assert sorted(n for n in os.listdir(target) if n.startswith("..")) == sorted(["..data", os.readlink(
        os.path.join(target, "..data"))])


def test_ssm_label_in_object_version_and_an_empty_objects_list(kit, provider, target, rig, tmp_path):
    ns = _irsa_pod(kit, rig)
    name = "/" + unique("labelled")
    kit.parameter(name, "blue value", labels=["blue"])
    kit.parameter(name, "newer value")
    # The incumbent passes a non-numeric objectVersion on as a label (name:label); so do we.
    objects = [{"objectName": name, "objectType": "ssmparameter", "objectAlias": "blue", "objectVersion": "blue"}]
    _mount(provider, objects, target, ns)
    assert read_tree(target)["blue"][0] == b"blue value"
    kit.clear_calls()
    # An empty list is a mount of nothing: answered OK with empty versions and files, no AWS call.
    response = _mount(provider, [], str(tmp_path), ns)
    assert list(response.object_version) == [] and list(response.files) == []
    assert kit.calls() == [] and read_tree(str(tmp_path)) == {}
