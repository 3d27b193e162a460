# Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
# SPDX-License-Identifier: Apache-2.0
"""Files shaped for the application, end to end: template entries (`objectType: template`) rendering a ready-made
format (dotenv, properties, JSON, YAML) or a Mustache template over a Secrets Manager JSON secret and an SSM
parameter. Every rendered file is read back with the parser an application would use (python-dotenv, jproperties,
json, PyYAML, urllib) and compared with the source values; rotation reaches the rendered file through the provider's
own reconciliation; every template error is refused before any AWS call and never shows a value."""

import base64
import io
import json
import os
import time
import urllib.parse

import driver
import dotenv
import jproperties
import mountkit
import pytest
import yaml
from mountkit import read_tree, unique

# Values that break naive quoting: quotes, `$`, newlines, `=`, `#`, backslashes, non-ASCII, HTML characters. A
# dotenv value cannot hold both a `'` or `\` and a `$`, nor `${` (python-dotenv expands it in any quotes): the
# provider refuses those with a message naming the key.
VALUES = {
    "QUOTES": "say \"hi\", it's <b>&amp;</b>",
    "DOLLAR": "pa$$word $HOME $1",
    "NEWLINES": "line one\nline two\n\tindented\n",
    "EQUALS_HASH": "a=b # not a comment ! : x",
    "BACKSLASH": "C:\\path\\to\\file \\n not a newline",
    "UNICODE": "héllo wörld ✓ 😀 中文 \u2028 end",
    "PORT": 5432,
    "ENABLED": True,
    "RATIO": 0.25,
}


def _as_text(value):
    """A value as the line formats write it: strings as they are, numbers and booleans as JSON text."""
    return value if isinstance(value, str) else json.dumps(value)


def _parse(fmt, data):
    if fmt == "dotenv":
        return dict(dotenv.dotenv_values(stream=io.StringIO(data.decode())))
    if fmt == "properties":
        properties = jproperties.Properties()
        properties.load(data, "utf-8")
        return {key: properties[key].data for key in properties}
    if fmt == "json":
        return json.loads(data)
    return yaml.safe_load(data)


def _source(kit, kind):
    """A source holding VALUES as JSON: a Secrets Manager secret or an SSM parameter, read only by templates."""
    if kind == "secret":
        name = unique("app")
        kit.secret(name, string=json.dumps(VALUES))
        return {"objectName": name, "objectType": "secretsmanager", "objectAlias": "values",
                "writeObjectFile": False}
    name = "/" + unique("app") + "/values"
    kit.parameter(name, json.dumps(VALUES), kind="SecureString")
    return {"objectName": name, "objectType": "ssmparameter", "objectAlias": "values", "writeObjectFile": "false"}


@pytest.mark.parametrize("kind", ["secret", "parameter"])
@pytest.mark.parametrize("fmt", ["dotenv", "properties", "json", "yaml"])
def test_each_format_round_trips_through_its_parser(kit, provider, target, ns, fmt, kind):
    objects = [_source(kit, kind),
               {"objectType": "template", "objectAlias": f"app.{fmt}", "format": fmt, "source": "values",
                "filePermission": "0640"}]
    response = mountkit.mount_in(provider, ns, objects, target)
    files = read_tree(target)
    assert set(files) == {f"app.{fmt}"}, "the source has writeObjectFile: false"
    data, mode = files[f"app.{fmt}"]
    assert mode == 0o640
    expected = VALUES if fmt in ("json", "yaml") else {key: _as_text(value) for key, value in VALUES.items()}
    assert _parse(fmt, data) == expected
    [version] = [v for v in response.object_version if v.id == f"app.{fmt}"]
    assert version.version.startswith("hmac-sha256:")


DB = {"username": "app user", "password": "p@ss:w/rd?#%&<>\"' é😀", "host": "db.internal", "port": 5432,
      "dbname": "orders"}
TEMPLATES = {
    "db.url": "postgresql://{{url(db.username)}}:{{url(db.password)}}@{{db.host}}:{{db.port}}/{{db.dbname}}",
    "config.json": '{"token": {{json(apitoken)}}, "password": {{json(db.password)}}, "port": {{db.port}}}\n',
    "raw.txt": "{{#db}}user={{username}} pass={{password}}{{/db}}\n{{^db.replica}}no replica{{/db.replica}}\n",
    "app.env": "DB_PASSWORD={{dotenv(db.password)}}\nTOKEN={{shell(apitoken)}}\nB64={{base64(db.password)}}\n",
}


def test_templates_over_a_secret_and_a_parameter(kit, provider, target, ns):
    db, token = unique("db"), "/" + unique("app") + "/token"
    kit.secret(db, string=json.dumps({**DB, "replica": None}))
    kit.parameter(token, "tok'en \"$x\"\nline2", kind="SecureString")
    objects = [{"objectName": db, "objectType": "secretsmanager", "objectAlias": "db"},
               {"objectName": token, "objectType": "ssmparameter", "objectAlias": "apitoken"}]
    objects += [{"objectType": "template", "objectAlias": alias, "template": text}
                for alias, text in TEMPLATES.items()]
    mountkit.mount_in(provider, ns, objects, target)
    files = {path: contents for path, (contents, _) in read_tree(target).items()}
    assert set(files) == {"db", "apitoken", *TEMPLATES}
    url = urllib.parse.urlsplit(files["db.url"].decode())
    assert (urllib.parse.unquote(url.username), urllib.parse.unquote(url.password)) == (DB["username"], DB["password"])
    assert (url.hostname, url.port, url.path) == ("db.internal", 5432, "/orders")
    assert json.loads(files["config.json"]) == {"token": "tok'en \"$x\"\nline2", "password": DB["password"],
                                                "port": 5432}
    assert files["raw.txt"].decode() == f"user=app user pass={DB['password']}\nno replica\n"
    env = files["app.env"].decode()
    assert dotenv.dotenv_values(stream=io.StringIO(env.split("\n")[0]))["DB_PASSWORD"] == DB["password"]
    assert "\nTOKEN='tok'\\''en \"$x\"\nline2'\n" in env
    assert env.endswith("\nB64=" + base64.b64encode(DB["password"].encode()).decode() + "\n")


@pytest.mark.parametrize("entry, field, words", [
    ({"template": "{{db.username}}\n{{nope}}"}, "template", "nope (line 2, column 1)"),
    ({"template": "ok\n  {{#db}}{{/db.x}}"}, "template", "line 2"),
    ({"template": "{{other}}"}, "template", "the file of a template entry"),
    ({"format": "dotenv", "source": "other"}, "source", "the file of a template entry"),
    ({"format": "dotenv", "source": "db", "objectName": "x"}, "objectName", "has no objectName"),
    ({"format": "dotenv", "source": "db", "jmesPath": [{"path": "a", "objectAlias": "b"}]}, "jmesPath", "jmesPath"),
    ({"format": "dotenv", "source": "db", "objectVersion": "1"}, "objectVersion", "objectVersion"),
    ({"format": "dotenv", "source": "db", "objectVersionLabel": "L"}, "objectVersionLabel", "objectVersionLabel"),
    ({"format": "dotenv", "source": "db", "failoverObject": {"objectName": "y"}}, "failoverObject", "failoverObject"),
    ({"format": "toml", "source": "db"}, "format", "got \"toml\""),
])
def test_template_errors_are_refused_before_any_aws_call(kit, provider, target, ns, entry, field, words):
    name = unique("db")
    objects = [{"objectName": name, "objectType": "secretsmanager", "objectAlias": "db"},
               {"objectType": "template", "objectAlias": "other", "format": "json", "source": "db"},
               {"objectType": "template", "objectAlias": "bad", **entry}]
    kit.clear_calls()
    with pytest.raises(driver.grpc.RpcError) as failure:
        mountkit.mount_in(provider, ns, objects, target)
    details = failure.value.details()
    assert failure.value.code() == driver.grpc.StatusCode.INVALID_ARGUMENT, details
    assert f'objects[2] "bad", field {field}: ' in details and words in details, details
    assert [c for c in kit.calls() if c["service"] in ("secretsmanager", "ssm", "sts")] == []
    assert read_tree(target) == {}


SECRET = "S3cr3t-v4lue-never-shown"


@pytest.mark.parametrize("value, entry, words", [
    ({"user": SECRET}, {"template": "{{db.pasword}}"}, 'db has no key "pasword"'),
    ({"user": None}, {"template": "{{db.user}}"}, "is null"),
    ([SECRET], {"format": "yaml", "source": "db"}, "is a JSON array, not an object"),
    ({"user": "it's $" + SECRET}, {"format": "dotenv", "source": "db"}, '"user"'),
])
def test_a_render_failure_names_the_template_and_never_the_value(kit, tracing, target, ns, value, entry, words):
    name = unique("db")
    kit.secret(name, string=json.dumps(value))
    objects = [{"objectName": name, "objectType": "secretsmanager", "objectAlias": "db"},
               {"objectType": "template", "objectAlias": "out", **entry}]
    with pytest.raises(driver.grpc.RpcError) as failure:
        mountkit.mount_in(tracing, ns, objects, target)
    details = failure.value.details()
    assert failure.value.code() == driver.grpc.StatusCode.INVALID_ARGUMENT, details
    assert "template out (objects[1])" in details and words in details, details
    assert SECRET not in details and SECRET not in tracing.log()
    assert read_tree(target) == {}


def test_rotation_reaches_the_rendered_file_through_reconciliation(kit, rig_provider, rig, target):
    provider = rig_provider("--reconcile-interval=1s", "--cache-ttl=1s")
    ns = unique("ns")
    kit.pod(ns, "app", "app", role_arn=rig["irsa_role_arn"])
    name = unique("db")
    kit.secret(name, string=json.dumps({"user": "app", "password": "one"}))
    objects = [{"objectName": name, "objectType": "secretsmanager", "objectAlias": "db", "writeObjectFile": False},
               {"objectType": "template", "objectAlias": "app.env", "format": "dotenv", "source": "db"},
               {"objectType": "template", "objectAlias": "url", "template": "x://{{db.user}}:{{db.password}}@h"},
               {"objectType": "template", "objectAlias": "user", "template": "{{db.user}}"}]
    mountkit.mount_in(provider, ns, objects, target)
    assert read_tree(target)["url"][0] == b"x://app:one@h"
    user_inode = os.stat(os.path.join(target, "user")).st_ino
    mounts = provider.metric("secrets_provider_grpc_requests_total", method="Mount")
    kit.rotate(name, json.dumps({"user": "app", "password": "two"}))
    assert mountkit.wait_for(lambda: read_tree(target)["url"][0] == b"x://app:two@h")
    assert read_tree(target)["app.env"][0] == b"user='app'\npassword='two'\n"
    assert set(read_tree(target)) == {"app.env", "url", "user"}
    assert os.stat(os.path.join(target, "user")).st_ino == user_inode, "an unchanged output is not rewritten"
    assert provider.metric("secrets_provider_grpc_requests_total", method="Mount") == mounts


def test_the_driver_gets_the_rendered_files_in_driver_writes_mode(kit, driver_writes_provider, target, ns):
    name = unique("db")
    kit.secret(name, string=json.dumps({"user": "app", "port": 5432}))
    objects = [{"objectName": name, "objectType": "secretsmanager", "objectAlias": "db", "writeObjectFile": False},
               {"objectType": "template", "objectAlias": "app.properties", "format": "properties", "source": "db"},
               {"objectType": "template", "objectAlias": "url", "template": "x://{{db.user}}:{{db.port}}"}]
    response = mountkit.mount_in(driver_writes_provider, ns, objects, target)
    assert read_tree(target) == {}
    assert {(f.path, f.contents) for f in response.files} == {
        ("app.properties", b"user=app\nport=5432\n"), ("url", b"x://app:5432")}
    assert {v.id for v in response.object_version} == {"app.properties", "url"}
