# Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
# SPDX-License-Identifier: Apache-2.0
"""Values as people store them, end to end: `objectEncoding` (base64, base64url, hex; on an object and on a jmesPath
entry) and `mountAllKeys` (every top-level key of a JSON secret or parameter as a file), through failover and through
the provider's own reconciliation, and every error naming the object and key but never a value."""

import base64
import json
import os
import time

import driver
import mountkit
import pytest
from mountkit import read_tree, unique

BLOB = bytes(range(256))
PRIMARY, FAILOVER = "us-east-1", "us-west-2"


_mount = mountkit.mount_in


def test_encoded_values_are_mounted_byte_exact(kit, provider, target, ns):
    encoded = {
        "base64": base64.encodebytes(BLOB).decode(),  # wrapped at 76 columns, as `base64` prints it
        "base64url": base64.urlsafe_b64encode(BLOB).decode().rstrip("="),
        "hex": BLOB.hex().upper(),
    }
    names = {encoding: unique(f"blob-{encoding}") for encoding in encoded}
    for encoding, text in encoded.items():
        kit.secret(names[encoding], string=text)
    objects = [{"objectName": names[e], "objectType": "secretsmanager", "objectAlias": e, "objectEncoding": e,
                "filePermission": "0600"} for e in encoded]
    response = _mount(provider, ns, objects, target)
    assert read_tree(target) == {encoding: (BLOB, 0o600) for encoding in encoded}
    assert {v.id for v in response.object_version} == set(encoded)


def test_a_jmespath_entry_decodes_the_key_it_selects(kit, provider, target, ns):
    name = unique("tls")
    document = {"tls.crt": "-----BEGIN CERTIFICATE-----", "tls.key": base64.b64encode(BLOB).decode()}
    kit.secret(name, string=json.dumps(document))
    objects = [{"objectName": name, "objectType": "secretsmanager", "objectAlias": "bundle.json", "jmesPath": [
        {"path": '"tls.key"', "objectAlias": "tls.key", "objectEncoding": "base64", "filePermission": "0600"},
        {"path": '"tls.crt"', "objectAlias": "tls.crt"}]}]
    _mount(provider, ns, objects, target)
    files = read_tree(target)
    assert files["tls.key"] == (BLOB, 0o600)
    assert files["tls.crt"][0] == b"-----BEGIN CERTIFICATE-----"
    assert json.loads(files["bundle.json"][0]) == document


KEYS = {"username": "admin", "port": 5432, "ratio": 0.5, "tls": True, "none": None, "nested": {"a": [1, "x"]},
        "conf/path": "slashed"}
EXPECTED = {"username": b"admin", "port": b"5432", "ratio": b"0.5", "tls": b"true", "none": b"null",
            "nested": b'{"a":[1,"x"]}'}


@pytest.mark.parametrize("translation, slashed", [(None, "conf_path"), ("False", "conf/path")])
def test_mount_all_keys_of_a_secret(kit, provider, target, ns, translation, slashed):
    name = unique("db")
    kit.secret(name, string=json.dumps(KEYS))
    objects = [{"objectName": name, "objectType": "secretsmanager", "objectAlias": "db.json", "mountAllKeys": True}]
    extra = {"pathTranslation": translation} if translation else {}
    response = _mount(provider, ns, objects, target, **extra)
    files = {path: contents for path, (contents, _) in read_tree(target).items()}
    assert files == {"db.json": json.dumps(KEYS).encode(), **EXPECTED, slashed: b"slashed"}
    assert {v.id for v in response.object_version} == set(files)


def test_mount_all_keys_of_an_encoded_parameter(kit, provider, target, ns):
    name = "/" + unique("app") + "/config"
    kit.parameter(name, base64.b64encode(json.dumps({"a": "1", "b": 2}).encode()).decode())
    objects = [{"objectName": name, "objectType": "ssmparameter", "objectAlias": "config",
                "objectEncoding": "base64", "mountAllKeys": "true"}]
    _mount(provider, ns, objects, target)
    assert {path: contents for path, (contents, _) in read_tree(target).items()} == {
        "config": b'{"a": "1", "b": 2}', "a": b"1", "b": b"2"}


def test_the_driver_gets_the_key_files_in_driver_writes_mode(kit, driver_writes_provider, target, ns):
    name = unique("db")
    kit.secret(name, string=base64.b64encode(b'{"user": "app", "port": 5432}').decode())
    objects = [{"objectName": name, "objectType": "secretsmanager", "objectAlias": "db", "objectEncoding": "base64",
                "mountAllKeys": True}]
    response = _mount(driver_writes_provider, ns, objects, target)
    assert read_tree(target) == {}
    assert {(f.path, f.contents) for f in response.files} == {
        ("db", b'{"user": "app", "port": 5432}'), ("user", b"app"), ("port", b"5432")}
    assert {v.id for v in response.object_version} == {"db", "user", "port"}


def test_encodings_and_keys_through_failover(kit, provider, target, ns):
    name = unique("replicated")
    kit.secret(name, region=PRIMARY, string=base64.b64encode(b'{"from": "primary"}').decode())
    kit.secret(name, region=FAILOVER, string=base64.b64encode(b'{"from": "failover"}').decode())
    objects = [{"objectName": name, "objectType": "secretsmanager", "objectAlias": "doc", "objectEncoding": "base64",
                "mountAllKeys": True}]
    kit.fault("GetSecretValue", region=PRIMARY, status=500, code="InternalServiceError")
    kit.fault("BatchGetSecretValue", region=PRIMARY, status=500, code="InternalServiceError")
    try:
        _mount(provider, ns, objects, target, failoverRegion=FAILOVER)
    finally:
        kit.clear_faults()
    assert read_tree(target) == {"doc": (b'{"from": "failover"}', 0o644), "from": (b"failover", 0o644)}


def test_keys_added_and_removed_reach_a_running_mount(kit, rig_provider, target, ns):
    provider = rig_provider("--reconcile-interval=1s", "--cache-ttl=1s")
    name = unique("db")
    kit.secret(name, string=json.dumps({"keep": "1", "gone": "2"}))
    objects = [{"objectName": name, "objectType": "secretsmanager", "objectAlias": "db", "mountAllKeys": True}]
    _mount(provider, ns, objects, target)
    assert set(read_tree(target)) == {"db", "keep", "gone"}
    kit.rotate(name, json.dumps({"keep": "1", "new": "3"}))
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and set(read_tree(target)) != {"db", "keep", "new"}:
        time.sleep(0.1)
    files = read_tree(target)
    assert set(files) == {"db", "keep", "new"} and files["new"][0] == b"3"
    assert not os.path.lexists(os.path.join(target, "gone"))


SECRET = "S3cr3t-v4lue-never-shown"

FAILURES = [
    ({"objectEncoding": "hex"}, SECRET, "is not valid hex (objectEncoding): it has a character that is not a hex digit"),
    ({"objectEncoding": "base64"}, SECRET + "!", "is not valid base64 (objectEncoding)"),
    ({"mountAllKeys": True}, json.dumps([SECRET]), "is a JSON array, not an object: mountAllKeys needs an object"),
    ({"mountAllKeys": True}, SECRET, "is not valid JSON, which mountAllKeys needs"),
    ({"mountAllKeys": True}, json.dumps({"..hidden": SECRET}), 'the key "..hidden"'),
    ({"mountAllKeys": True}, json.dumps({"other": SECRET}), 'the file other is also written by the own file of objects[1]'),
    ({"jmesPath": [{"path": "k", "objectAlias": "k", "objectEncoding": "base64"}]}, json.dumps({"k": 7}),
     "selects a JSON number, but objectEncoding base64 decodes strings only"),
]



@pytest.mark.parametrize("fields, value, reason", FAILURES)
def test_each_failure_names_the_object_and_never_the_value(kit, tracing, target, ns, fields, value, reason):
    provider = tracing
    name, other = unique("bad"), unique("other")
    kit.secret(name, string=value)
    kit.secret(other, string="fine")
    objects = [{"objectName": name, "objectType": "secretsmanager", **fields},
               {"objectName": other, "objectType": "secretsmanager", "objectAlias": "other"}]
    with pytest.raises(driver.grpc.RpcError) as failure:
        _mount(provider, ns, objects, target)
    details = failure.value.details()
    assert failure.value.code() == driver.grpc.StatusCode.INVALID_ARGUMENT, details
    assert reason in details and name in details, details
    assert SECRET not in details and SECRET not in provider.log()
    assert read_tree(target) == {}


@pytest.mark.parametrize("fields, field", [({"objectEncoding": "base32"}, "objectEncoding"),
                                           ({"mountAllKeys": "maybe"}, "mountAllKeys")])
def test_a_bad_field_is_refused_before_any_aws_call(kit, provider, target, ns, fields, field):
    kit.clear_calls()
    with pytest.raises(driver.grpc.RpcError) as failure:
        _mount(provider, ns, [{"objectName": unique("x"), "objectType": "secretsmanager", **fields}], target)
    assert failure.value.code() == driver.grpc.StatusCode.INVALID_ARGUMENT
    assert field in failure.value.details()
    assert [c for c in kit.calls() if c["service"] == "secretsmanager"] == []


def test_write_object_file_false_writes_only_the_entries(kit, provider, target, ns):
    name = unique("db")
    kit.secret(name, string=json.dumps({"username": "app", "password": SECRET}))
    objects = [{"objectName": name, "objectType": "secretsmanager", "writeObjectFile": False,
                "jmesPath": [{"path": "username", "objectAlias": "user"}]}]
    response = _mount(provider, ns, objects, target)
    assert read_tree(target) == {"user": (b"app", 0o644)}
    assert [v.id for v in response.object_version] == ["user"]
